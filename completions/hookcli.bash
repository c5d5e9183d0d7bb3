_hookcli() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="hookcli"
                ;;
            hookcli,completions)
                cmd="hookcli__subcmd__completions"
                ;;
            hookcli,config)
                cmd="hookcli__subcmd__config"
                ;;
            hookcli,export)
                cmd="hookcli__subcmd__export"
                ;;
            hookcli,help)
                cmd="hookcli__subcmd__help"
                ;;
            hookcli,import)
                cmd="hookcli__subcmd__import"
                ;;
            hookcli,inspect)
                cmd="hookcli__subcmd__inspect"
                ;;
            hookcli,list)
                cmd="hookcli__subcmd__list"
                ;;
            hookcli,listen)
                cmd="hookcli__subcmd__listen"
                ;;
            hookcli,man)
                cmd="hookcli__subcmd__man"
                ;;
            hookcli,providers)
                cmd="hookcli__subcmd__providers"
                ;;
            hookcli,relay)
                cmd="hookcli__subcmd__relay"
                ;;
            hookcli,replay)
                cmd="hookcli__subcmd__replay"
                ;;
            hookcli,send)
                cmd="hookcli__subcmd__send"
                ;;
            hookcli,show)
                cmd="hookcli__subcmd__show"
                ;;
            hookcli,sign)
                cmd="hookcli__subcmd__sign"
                ;;
            hookcli,trigger)
                cmd="hookcli__subcmd__trigger"
                ;;
            hookcli,verify)
                cmd="hookcli__subcmd__verify"
                ;;
            hookcli__subcmd__help,completions)
                cmd="hookcli__subcmd__help__subcmd__completions"
                ;;
            hookcli__subcmd__help,config)
                cmd="hookcli__subcmd__help__subcmd__config"
                ;;
            hookcli__subcmd__help,export)
                cmd="hookcli__subcmd__help__subcmd__export"
                ;;
            hookcli__subcmd__help,help)
                cmd="hookcli__subcmd__help__subcmd__help"
                ;;
            hookcli__subcmd__help,import)
                cmd="hookcli__subcmd__help__subcmd__import"
                ;;
            hookcli__subcmd__help,inspect)
                cmd="hookcli__subcmd__help__subcmd__inspect"
                ;;
            hookcli__subcmd__help,list)
                cmd="hookcli__subcmd__help__subcmd__list"
                ;;
            hookcli__subcmd__help,listen)
                cmd="hookcli__subcmd__help__subcmd__listen"
                ;;
            hookcli__subcmd__help,man)
                cmd="hookcli__subcmd__help__subcmd__man"
                ;;
            hookcli__subcmd__help,providers)
                cmd="hookcli__subcmd__help__subcmd__providers"
                ;;
            hookcli__subcmd__help,relay)
                cmd="hookcli__subcmd__help__subcmd__relay"
                ;;
            hookcli__subcmd__help,replay)
                cmd="hookcli__subcmd__help__subcmd__replay"
                ;;
            hookcli__subcmd__help,send)
                cmd="hookcli__subcmd__help__subcmd__send"
                ;;
            hookcli__subcmd__help,show)
                cmd="hookcli__subcmd__help__subcmd__show"
                ;;
            hookcli__subcmd__help,sign)
                cmd="hookcli__subcmd__help__subcmd__sign"
                ;;
            hookcli__subcmd__help,trigger)
                cmd="hookcli__subcmd__help__subcmd__trigger"
                ;;
            hookcli__subcmd__help,verify)
                cmd="hookcli__subcmd__help__subcmd__verify"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        hookcli)
            opts="-h -V --color --help --version listen list show replay inspect export import verify sign send trigger providers relay completions man config help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__completions)
            opts="-h -V --color --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__config)
            opts="-h -V --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__export)
            opts="-o -h -V --format --output --filter --reveal --store --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "ndjson har" -- "${cur}"))
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help)
            opts="listen list show replay inspect export import verify sign send trigger providers relay completions man config help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__config)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__export)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__import)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__inspect)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__listen)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__man)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__providers)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__relay)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__replay)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__send)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__sign)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__trigger)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__help__subcmd__verify)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__import)
            opts="-h -V --store --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__inspect)
            opts="-h -V --addr --store --secret --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --addr)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -W "adyen= aftership= airtable= alchemy= amazon-sns= asana= autodesk= bitbucket= bolt= box= braintree= brex= buildkite= calendly= castle= chargebee= chargify= checkout-com= circleci= clearbit= clerk= clickup= cloudinary= coinbase-commerce= contentful= creem= customer-io= discord= docusign= dropbox= figma= flutterwave= frameio= gitea= github= gitlab= gocardless= heroku= hookdeck= hubspot= hygraph= intercom= jira= launchdarkly= lemonsqueezy= linear= lob= mailgun= mandrill= meta= modern-treasury= monday= msgraph= msteams-outgoing= mux= netlify= notion= nylas= okta= openai= orb= paddle= pagerduty= paypal= paystack= persona= plaid= plivo= polar= postmark= pusher= razorpay= recurly= replicate= resend= sanity= segment= sendgrid= sentry= shopify= slack= sonatype-nexus= square= standard-webhooks= stripe= surveymonkey= svix= telnyx= terraform= tiktok= trello= twilio= twitch= twitter= typeform= vercel= vmware-workspace-one= vonage= webex= woocommerce= workos= worldline= xero= zendesk= zoom=" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__list)
            opts="-n -h -V --limit --filter --since --until --all --json --reveal --store --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -n)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --filter)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --until)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__listen)
            opts="-p -f -H -h -V --port --host --forward --route --ack --retries --retry-speed --timeout --insecure --header --secret --provider --public-url --respond-status --respond-body --respond-header --max-body --max-connections --save --store --no-store --keep --keep-for --durable --json --reveal --no-tui --relay --channel --token --takeover --inspect --no-inspect --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --forward)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --route)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --retry-speed)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -W "adyen= aftership= airtable= alchemy= amazon-sns= asana= autodesk= bitbucket= bolt= box= braintree= brex= buildkite= calendly= castle= chargebee= chargify= checkout-com= circleci= clearbit= clerk= clickup= cloudinary= coinbase-commerce= contentful= creem= customer-io= discord= docusign= dropbox= figma= flutterwave= frameio= gitea= github= gitlab= gocardless= heroku= hookdeck= hubspot= hygraph= intercom= jira= launchdarkly= lemonsqueezy= linear= lob= mailgun= mandrill= meta= modern-treasury= monday= msgraph= msteams-outgoing= mux= netlify= notion= nylas= okta= openai= orb= paddle= pagerduty= paypal= paystack= persona= plaid= plivo= polar= postmark= pusher= razorpay= recurly= replicate= resend= sanity= segment= sendgrid= sentry= shopify= slack= sonatype-nexus= square= standard-webhooks= stripe= surveymonkey= svix= telnyx= terraform= tiktok= trello= twilio= twitch= twitter= typeform= vercel= vmware-workspace-one= vonage= webex= woocommerce= workos= worldline= xero= zendesk= zoom=" -- "${cur}"))
                    return 0
                    ;;
                --provider)
                    COMPREPLY=($(compgen -W "adyen aftership airtable alchemy amazon-sns asana autodesk bitbucket bolt box braintree brex buildkite calendly castle chargebee chargify checkout-com circleci clearbit clerk clickup cloudinary coinbase-commerce contentful creem customer-io discord docusign dropbox figma flutterwave frameio gitea github gitlab gocardless heroku hookdeck hubspot hygraph intercom jira launchdarkly lemonsqueezy linear lob mailgun mandrill meta modern-treasury monday msgraph msteams-outgoing mux netlify notion nylas okta openai orb paddle pagerduty paypal paystack persona plaid plivo polar postmark pusher razorpay recurly replicate resend sanity segment sendgrid sentry shopify slack sonatype-nexus square standard-webhooks stripe surveymonkey svix telnyx terraform tiktok trello twilio twitch twitter typeform vercel vmware-workspace-one vonage webex woocommerce workos worldline xero zendesk zoom" -- "${cur}"))
                    return 0
                    ;;
                --public-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --respond-status)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --respond-body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --respond-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-connections)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --save)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --keep)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --keep-for)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --relay)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --channel)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --inspect)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__man)
            opts="-h -V --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__providers)
            opts="-h -V --json --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__relay)
            opts="-h -V --listen --public-url --token --tokens --buffer --max-body --store --response-timeout --rate --max-channels --max-total-channels --max-connections --idle-timeout --tls-cert --tls-key --redis --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --listen)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --public-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tokens)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --buffer)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --response-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-channels)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-total-channels)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-connections)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --idle-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-cert)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tls-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --redis)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__replay)
            opts="-H -h -V --last --to --header --method --body --edit --resign --times --concurrent --secret --provider --json --reveal --timeout --insecure --store --no-store --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --method)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --times)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -W "adyen= aftership= airtable= alchemy= amazon-sns= asana= autodesk= bitbucket= bolt= box= braintree= brex= buildkite= calendly= castle= chargebee= chargify= checkout-com= circleci= clearbit= clerk= clickup= cloudinary= coinbase-commerce= contentful= creem= customer-io= discord= docusign= dropbox= figma= flutterwave= frameio= gitea= github= gitlab= gocardless= heroku= hookdeck= hubspot= hygraph= intercom= jira= launchdarkly= lemonsqueezy= linear= lob= mailgun= mandrill= meta= modern-treasury= monday= msgraph= msteams-outgoing= mux= netlify= notion= nylas= okta= openai= orb= paddle= pagerduty= paypal= paystack= persona= plaid= plivo= polar= postmark= pusher= razorpay= recurly= replicate= resend= sanity= segment= sendgrid= sentry= shopify= slack= sonatype-nexus= square= standard-webhooks= stripe= surveymonkey= svix= telnyx= terraform= tiktok= trello= twilio= twitch= twitter= typeform= vercel= vmware-workspace-one= vonage= webex= woocommerce= workos= worldline= xero= zendesk= zoom=" -- "${cur}"))
                    return 0
                    ;;
                --provider)
                    COMPREPLY=($(compgen -W "adyen aftership airtable alchemy amazon-sns asana autodesk bitbucket bolt box braintree brex buildkite calendly castle chargebee chargify checkout-com circleci clearbit clerk clickup cloudinary coinbase-commerce contentful creem customer-io discord docusign dropbox figma flutterwave frameio gitea github gitlab gocardless heroku hookdeck hubspot hygraph intercom jira launchdarkly lemonsqueezy linear lob mailgun mandrill meta modern-treasury monday msgraph msteams-outgoing mux netlify notion nylas okta openai orb paddle pagerduty paypal paystack persona plaid plivo polar postmark pusher razorpay recurly replicate resend sanity segment sendgrid sentry shopify slack sonatype-nexus square standard-webhooks stripe surveymonkey svix telnyx terraform tiktok trello twilio twitch twitter typeform vercel vmware-workspace-one vonage webex woocommerce workos worldline xero zendesk zoom" -- "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__send)
            opts="-H -h -V --provider --secret --body --header --method --at --event --no-extra-headers --to --timeout --insecure --json --store --no-store --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen aftership airtable alchemy amazon-sns asana autodesk bitbucket bolt box braintree brex buildkite calendly castle chargebee chargify checkout-com circleci clearbit clerk clickup cloudinary coinbase-commerce contentful creem customer-io discord docusign dropbox figma flutterwave frameio gitea github gitlab gocardless heroku hookdeck hubspot hygraph intercom jira launchdarkly lemonsqueezy linear lob mailgun mandrill meta modern-treasury monday msgraph msteams-outgoing mux netlify notion nylas okta openai orb paddle pagerduty paypal paystack persona plaid plivo polar postmark pusher razorpay recurly replicate resend sanity segment sendgrid sentry shopify slack sonatype-nexus square standard-webhooks stripe surveymonkey svix telnyx terraform tiktok trello twilio twitch twitter typeform vercel vmware-workspace-one vonage webex woocommerce workos worldline xero zendesk zoom" -- "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --method)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --event)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__show)
            opts="-h -V --format --to --reveal --store --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "json http curl har" -- "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__sign)
            opts="-H -h -V --provider --secret --body --header --method --at --event --no-extra-headers --url --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen aftership airtable alchemy amazon-sns asana autodesk bitbucket bolt box braintree brex buildkite calendly castle chargebee chargify checkout-com circleci clearbit clerk clickup cloudinary coinbase-commerce contentful creem customer-io discord docusign dropbox figma flutterwave frameio gitea github gitlab gocardless heroku hookdeck hubspot hygraph intercom jira launchdarkly lemonsqueezy linear lob mailgun mandrill meta modern-treasury monday msgraph msteams-outgoing mux netlify notion nylas okta openai orb paddle pagerduty paypal paystack persona plaid plivo polar postmark pusher razorpay recurly replicate resend sanity segment sendgrid sentry shopify slack sonatype-nexus square standard-webhooks stripe surveymonkey svix telnyx terraform tiktok trello twilio twitch twitter typeform vercel vmware-workspace-one vonage webex woocommerce workos worldline xero zendesk zoom" -- "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --method)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --event)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__trigger)
            opts="-H -h -V --list --to --set --body --secret --header --timeout --insecure --json --store --no-store --color --help --version adyen aftership airtable alchemy amazon-sns asana autodesk bitbucket bolt box braintree brex buildkite calendly castle chargebee chargify checkout-com circleci clearbit clerk clickup cloudinary coinbase-commerce contentful creem customer-io discord docusign dropbox figma flutterwave frameio gitea github gitlab gocardless heroku hookdeck hubspot hygraph intercom jira launchdarkly lemonsqueezy linear lob mailgun mandrill meta modern-treasury monday msgraph msteams-outgoing mux netlify notion nylas okta openai orb paddle pagerduty paypal paystack persona plaid plivo polar postmark pusher razorpay recurly replicate resend sanity segment sendgrid sentry shopify slack sonatype-nexus square standard-webhooks stripe surveymonkey svix telnyx terraform tiktok trello twilio twitch twitter typeform vercel vmware-workspace-one vonage webex woocommerce workos worldline xero zendesk zoom"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --set)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -W "adyen= aftership= airtable= alchemy= amazon-sns= asana= autodesk= bitbucket= bolt= box= braintree= brex= buildkite= calendly= castle= chargebee= chargify= checkout-com= circleci= clearbit= clerk= clickup= cloudinary= coinbase-commerce= contentful= creem= customer-io= discord= docusign= dropbox= figma= flutterwave= frameio= gitea= github= gitlab= gocardless= heroku= hookdeck= hubspot= hygraph= intercom= jira= launchdarkly= lemonsqueezy= linear= lob= mailgun= mandrill= meta= modern-treasury= monday= msgraph= msteams-outgoing= mux= netlify= notion= nylas= okta= openai= orb= paddle= pagerduty= paypal= paystack= persona= plaid= plivo= polar= postmark= pusher= razorpay= recurly= replicate= resend= sanity= segment= sendgrid= sentry= shopify= slack= sonatype-nexus= square= standard-webhooks= stripe= surveymonkey= svix= telnyx= terraform= tiktok= trello= twilio= twitch= twitter= typeform= vercel= vmware-workspace-one= vonage= webex= woocommerce= workos= worldline= xero= zendesk= zoom=" -- "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        hookcli__subcmd__verify)
            opts="-h -V --secret --provider --public-url --at --json --store --color --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --secret)
                    COMPREPLY=($(compgen -W "adyen= aftership= airtable= alchemy= amazon-sns= asana= autodesk= bitbucket= bolt= box= braintree= brex= buildkite= calendly= castle= chargebee= chargify= checkout-com= circleci= clearbit= clerk= clickup= cloudinary= coinbase-commerce= contentful= creem= customer-io= discord= docusign= dropbox= figma= flutterwave= frameio= gitea= github= gitlab= gocardless= heroku= hookdeck= hubspot= hygraph= intercom= jira= launchdarkly= lemonsqueezy= linear= lob= mailgun= mandrill= meta= modern-treasury= monday= msgraph= msteams-outgoing= mux= netlify= notion= nylas= okta= openai= orb= paddle= pagerduty= paypal= paystack= persona= plaid= plivo= polar= postmark= pusher= razorpay= recurly= replicate= resend= sanity= segment= sendgrid= sentry= shopify= slack= sonatype-nexus= square= standard-webhooks= stripe= surveymonkey= svix= telnyx= terraform= tiktok= trello= twilio= twitch= twitter= typeform= vercel= vmware-workspace-one= vonage= webex= woocommerce= workos= worldline= xero= zendesk= zoom=" -- "${cur}"))
                    return 0
                    ;;
                --provider)
                    COMPREPLY=($(compgen -W "adyen aftership airtable alchemy amazon-sns asana autodesk bitbucket bolt box braintree brex buildkite calendly castle chargebee chargify checkout-com circleci clearbit clerk clickup cloudinary coinbase-commerce contentful creem customer-io discord docusign dropbox figma flutterwave frameio gitea github gitlab gocardless heroku hookdeck hubspot hygraph intercom jira launchdarkly lemonsqueezy linear lob mailgun mandrill meta modern-treasury monday msgraph msteams-outgoing mux netlify notion nylas okta openai orb paddle pagerduty paypal paystack persona plaid plivo polar postmark pusher razorpay recurly replicate resend sanity segment sendgrid sentry shopify slack sonatype-nexus square standard-webhooks stripe surveymonkey svix telnyx terraform tiktok trello twilio twitch twitter typeform vercel vmware-workspace-one vonage webex woocommerce workos worldline xero zendesk zoom" -- "${cur}"))
                    return 0
                    ;;
                --public-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --at)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _hookcli -o nosort -o bashdefault -o default hookcli
else
    complete -F _hookcli -o bashdefault -o default hookcli
fi
