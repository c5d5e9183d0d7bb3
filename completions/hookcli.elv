
use builtin;
use str;

set edit:completion:arg-completer[hookcli] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hookcli'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hookcli'= {
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand listen 'Catch every request, verify, forward, store and show it live'
            cand list 'List stored captures, newest last'
            cand show 'Show one stored capture'
            cand replay 'Send stored or piped captures again (edited, re-signed if asked)'
            cand inspect 'Serve the web inspector over the store alone, without listening'
            cand export 'Write the store (or part of it) as NDJSON or HAR 1.2'
            cand import 'Read captures from NDJSON, a capture JSON or HAR into the store'
            cand verify 'Check the signature of captures offline (exit 0 only when all are valid)'
            cand sign 'Build a correctly signed request for a provider and print it as a capture'
            cand send 'Build a correctly signed request for a provider and deliver it'
            cand trigger 'Send a realistic, signed test event from the catalog (`trigger --list` shows it)'
            cand providers 'Every supported provider: headers, algorithm, what the secret looks like'
            cand relay 'Run the self-hosted public relay that `listen --relay` connects to'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (roff)'
            cand config 'Print the effective configuration, each value with its source (secrets masked)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookcli;listen'= {
            cand -p 'Port to listen on (0 picks a free one)'
            cand --port 'Port to listen on (0 picks a free one)'
            cand --host 'Address to bind'
            cand -f 'Forward every request here (repeatable; the first answers the sender, the rest get copies)'
            cand --forward 'Forward every request here (repeatable; the first answers the sender, the rest get copies)'
            cand --route 'Send paths under PREFIX to URL instead (repeatable; longest prefix wins)'
            cand --retry-speed 'Run the retry schedule N times faster (60: a 5-minute wait takes 5 s)'
            cand --timeout 'Forward timeout in seconds, or `none`'
            cand -H 'Add a header to forwarded requests (repeatable)'
            cand --header 'Add a header to forwarded requests (repeatable)'
            cand --secret 'A provider''s secret or public key, PROVIDER=SECRET or PROVIDER=@FILE (repeatable; several per provider rotate)'
            cand --provider 'Verify as this provider instead of detecting it from the headers'
            cand --public-url 'The public URL the provider calls, for schemes that sign the URL (Twilio, Square, HubSpot, Trello, Contentful, …)'
            cand --respond-status 'Status to answer with when not forwarding (or with --ack)'
            cand --respond-body 'Body to answer with: text, or @FILE'
            cand --respond-header 'Header to answer with (repeatable)'
            cand --max-body 'Largest request body accepted (e.g. 25MiB, 512k); larger gets 413'
            cand --max-connections 'Connections served at once; one more gets a one-line 503 and is closed'
            cand --save 'Also write each capture to DIR/<id>.json'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --keep 'How many captures the store keeps, newest first (0: all); older ones are deleted in the background'
            cand --keep-for 'Delete captures older than this, in the background (e.g. 30d, 12h, 90m)'
            cand --relay 'Also take webhooks from this relay (ws://, wss://, host:port; without a scheme: ws for localhost/loopback, wss otherwise). Repeat it (or give a comma list) for relay nodes sharing one Redis: when one is down the next is tried'
            cand --channel 'The relay channel to hold (providers call {relay}/c/{channel}/)'
            cand --token 'The relay token for --channel'
            cand --inspect 'Serve the web inspector here [default: 127.0.0.1:4040, or the next free port]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --ack 'Answer the sender at once and forward in the background'
            cand --retries 'When the dev server fails, answers non-2xx or is slower than the provider waits, deliver again on the provider''s retry schedule'
            cand --insecure 'Accept any TLS certificate from forward targets'
            cand --no-store 'Keep no store at all'
            cand --durable 'fsync every commit: captures survive a power cut, not only a crash (slower)'
            cand --json 'Print NDJSON captures on stdout (nothing else; implies --no-tui)'
            cand --reveal 'Show credential headers (Authorization, Cookie, token headers) instead of masking them'
            cand --no-tui 'Print one line per capture instead of the live TUI'
            cand --takeover 'Take the relay channel from the listener holding it (that one stops)'
            cand --no-inspect 'Do not serve the web inspector'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;list'= {
            cand -n 'Show only the newest N'
            cand --limit 'Show only the newest N'
            cand --filter 'Only captures matching EXPR: free text, method: path: status: provider: verdict: since: until: origin:'
            cand --since 'Only captures received at or after WHEN (10m, 2h, 7d, 11:30, 2026-11-27, RFC 3339)'
            cand --until 'Only captures received before WHEN (same forms as --since)'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --all 'Print every matching capture (a bare `list` prints the newest 50)'
            cand --json 'Print a JSON array of captures'
            cand --reveal 'Show credential headers (Authorization, Cookie, token headers) instead of masking them'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;show'= {
            cand --format 'Output form'
            cand --to 'For curl and HAR: the URL to name [default: where it was forwarded, else its Host]'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --reveal 'Show credential headers (Authorization, Cookie, token headers) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;replay'= {
            cand --to 'Send here instead of the capture''s recorded forward target(s)'
            cand -H 'Set a header on the replayed request (repeatable)'
            cand --header 'Set a header on the replayed request (repeatable)'
            cand --method 'Replace the method'
            cand --body 'Replace the body: text, @FILE, or @- for stdin'
            cand --times 'Send each capture N times, to test idempotency (one summary line per attempt)'
            cand --secret 'A provider''s secret for --resign and the verdict, PROVIDER=SECRET or PROVIDER=@FILE'
            cand --provider 'The provider to re-sign as when it cannot be told from the capture'
            cand --timeout 'Forward timeout in seconds, or `none`'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --last 'Replay the newest stored capture'
            cand --edit 'Open each capture in $VISUAL/$EDITOR before sending'
            cand --resign 'Sign again with a fresh timestamp (and message id) so the dev server''s check passes'
            cand --concurrent 'With --times: send all N at once, to test races'
            cand --json 'Print each replay as an NDJSON capture'
            cand --reveal 'Show credential headers (Authorization, Cookie, token headers) instead of masking them'
            cand --insecure 'Accept any TLS certificate'
            cand --no-store 'Do not store the replays'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;inspect'= {
            cand --addr 'Serve the inspector here [default: 127.0.0.1:4040, or the next free port]'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --secret 'A provider''s secret for re-signing replays, PROVIDER=SECRET or PROVIDER=@FILE (repeatable)'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;export'= {
            cand --format 'Output format'
            cand -o 'Write here instead of stdout'
            cand --output 'Write here instead of stdout'
            cand --filter 'Only captures matching EXPR (as `list --filter`)'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --reveal 'Show credential headers (Authorization, Cookie, token headers) instead of masking them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;import'= {
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;verify'= {
            cand --secret 'A provider''s secret or public key, PROVIDER=SECRET or PROVIDER=@FILE (repeatable; several per provider rotate)'
            cand --provider 'Verify as this provider instead of detecting it from the headers'
            cand --public-url 'The public URL the provider calls, for schemes that sign the URL (Twilio, Square, HubSpot, Trello, Contentful, …)'
            cand --at 'Judge timestamps as of this moment (unix seconds) instead of now'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --json 'One JSON object per capture: id, provider, verdict, detail'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;sign'= {
            cand --provider 'Provider id (see `hookcli providers`)'
            cand --secret 'The secret (the private key for key-pair schemes); @FILE reads it from a file [default: HOOKCLI_SECRET_<PROVIDER>, then [secrets] in the config files]'
            cand --body 'Body: text, @FILE, or - for stdin [default: {}]'
            cand -H 'Extra request header (repeatable)'
            cand --header 'Extra request header (repeatable)'
            cand --method 'Method'
            cand --at 'Sign as of this moment (unix seconds) instead of now'
            cand --event 'The event the provider''s headers name (GitHub''s x-github-event, Shopify''s topic, …) [default: the catalog''s first for the provider]'
            cand --url 'The URL the provider would call (its path and query are signed by some schemes)'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --no-extra-headers 'Add only the signature headers, not the provider''s others (event type, delivery id, user agent)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;send'= {
            cand --provider 'Provider id (see `hookcli providers`)'
            cand --secret 'The secret (the private key for key-pair schemes); @FILE reads it from a file [default: HOOKCLI_SECRET_<PROVIDER>, then [secrets] in the config files]'
            cand --body 'Body: text, @FILE, or - for stdin [default: {}]'
            cand -H 'Extra request header (repeatable)'
            cand --header 'Extra request header (repeatable)'
            cand --method 'Method'
            cand --at 'Sign as of this moment (unix seconds) instead of now'
            cand --event 'The event the provider''s headers name (GitHub''s x-github-event, Shopify''s topic, …) [default: the catalog''s first for the provider]'
            cand --to 'Where to deliver it (host:port, :port or a full URL with path)'
            cand --timeout 'Forward timeout in seconds, or `none`'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --no-extra-headers 'Add only the signature headers, not the provider''s others (event type, delivery id, user agent)'
            cand --insecure 'Accept any TLS certificate'
            cand --json 'Print the sent capture as JSON'
            cand --no-store 'Do not store what was sent'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;trigger'= {
            cand --to 'Where to send it [default: the local listener, http://127.0.0.1:9999 or [listen] port]'
            cand --set 'Change a body field: path.to.field=value (JSON when it parses as JSON, else text)'
            cand --body 'Your own body instead of the catalog''s: text, @FILE, or - for stdin'
            cand --secret 'A provider''s secret, PROVIDER=SECRET or PROVIDER=@FILE (repeatable) [default: [secrets], HOOKCLI_SECRET_*]'
            cand -H 'Extra request header, replacing the catalog''s of that name (repeatable)'
            cand --header 'Extra request header, replacing the catalog''s of that name (repeatable)'
            cand --timeout 'Timeout in seconds, or `none`'
            cand --store 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --list 'List the catalog (one provider''s events when PROVIDER is given)'
            cand --insecure 'Accept any TLS certificate'
            cand --json 'Print the sent capture as JSON'
            cand --no-store 'Do not store what was sent'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;providers'= {
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand --json 'A JSON array, one object per provider'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;relay'= {
            cand --listen 'Address to listen on (port 0 picks a free one)'
            cand --public-url 'The URL providers call (what clients are told); default: http(s)://{host they used}'
            cand --token 'The one token, granting every channel'
            cand --tokens 'Tokens file: `TOKEN CHANNEL [CHANNEL...]` a line (`*` = every channel, `#` comments)'
            cand --buffer 'Requests kept per channel while they wait for their ack; more get 503'
            cand --max-body 'Largest request body accepted (e.g. 25MiB); larger gets 413'
            cand --store 'Where channel buffers live [default: $HOOKCLI_HOME/relay, else the platform data dir]'
            cand --response-timeout 'Seconds to wait for the listener''s answer before answering 202'
            cand --rate 'Requests a second per token across its channels, bursts to twice that (0 = no limit)'
            cand --max-channels 'Channels one token may have connected at once'
            cand --max-total-channels 'Channels the relay keeps in all (a channel exists once a token names it or a listener connects to it; ingress never creates one)'
            cand --max-connections 'Connections served at once; one more gets a one-line 503 and is closed'
            cand --idle-timeout 'Seconds a connection may stay silent (no request being answered) before it is closed'
            cand --tls-cert 'TLS certificate chain (PEM): serve https and wss'
            cand --tls-key 'TLS private key (PEM)'
            cand --redis 'Share channels with every relay node on this Redis (redis:// or rediss://, password in the URL allowed; never printed) instead of buffering on this node''s disk'
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;completions'= {
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;man'= {
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;config'= {
            cand --color 'When to color output: auto (a terminal, and NO_COLOR unset), always, never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hookcli;help'= {
            cand listen 'Catch every request, verify, forward, store and show it live'
            cand list 'List stored captures, newest last'
            cand show 'Show one stored capture'
            cand replay 'Send stored or piped captures again (edited, re-signed if asked)'
            cand inspect 'Serve the web inspector over the store alone, without listening'
            cand export 'Write the store (or part of it) as NDJSON or HAR 1.2'
            cand import 'Read captures from NDJSON, a capture JSON or HAR into the store'
            cand verify 'Check the signature of captures offline (exit 0 only when all are valid)'
            cand sign 'Build a correctly signed request for a provider and print it as a capture'
            cand send 'Build a correctly signed request for a provider and deliver it'
            cand trigger 'Send a realistic, signed test event from the catalog (`trigger --list` shows it)'
            cand providers 'Every supported provider: headers, algorithm, what the secret looks like'
            cand relay 'Run the self-hosted public relay that `listen --relay` connects to'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (roff)'
            cand config 'Print the effective configuration, each value with its source (secrets masked)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hookcli;help;listen'= {
        }
        &'hookcli;help;list'= {
        }
        &'hookcli;help;show'= {
        }
        &'hookcli;help;replay'= {
        }
        &'hookcli;help;inspect'= {
        }
        &'hookcli;help;export'= {
        }
        &'hookcli;help;import'= {
        }
        &'hookcli;help;verify'= {
        }
        &'hookcli;help;sign'= {
        }
        &'hookcli;help;send'= {
        }
        &'hookcli;help;trigger'= {
        }
        &'hookcli;help;providers'= {
        }
        &'hookcli;help;relay'= {
        }
        &'hookcli;help;completions'= {
        }
        &'hookcli;help;man'= {
        }
        &'hookcli;help;config'= {
        }
        &'hookcli;help;help'= {
        }
    ]
    $completions[$command]
}
