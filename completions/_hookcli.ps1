
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hookcli' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hookcli'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hookcli' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Catch every request, verify, forward, store and show it live')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List stored captures, newest last')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one stored capture')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send stored or piped captures again (edited, re-signed if asked)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Serve the web inspector over the store alone, without listening')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the store (or part of it) as NDJSON or HAR 1.2')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read captures from NDJSON, a capture JSON or HAR into the store')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the signature of captures offline (exit 0 only when all are valid)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Build a correctly signed request for a provider and print it as a capture')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Build a correctly signed request for a provider and deliver it')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send a realistic, signed test event from the catalog (`trigger --list` shows it)')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'Every supported provider: headers, algorithm, what the secret looks like')
            [CompletionResult]::new('relay', 'relay', [CompletionResultType]::ParameterValue, 'Run the self-hosted public relay that `listen --relay` connects to')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration, each value with its source (secrets masked)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hookcli;listen' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Forward every request here (repeatable; the first answers the sender, the rest get copies)')
            [CompletionResult]::new('--forward', '--forward', [CompletionResultType]::ParameterName, 'Forward every request here (repeatable; the first answers the sender, the rest get copies)')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'Send paths under PREFIX to URL instead (repeatable; longest prefix wins)')
            [CompletionResult]::new('--retry-speed', '--retry-speed', [CompletionResultType]::ParameterName, 'Run the retry schedule N times faster (60: a 5-minute wait takes 5 s)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Forward timeout in seconds, or `none`')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a header to forwarded requests (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a header to forwarded requests (repeatable)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A provider''s secret or public key, PROVIDER=SECRET or PROVIDER=@FILE (repeatable; several per provider rotate)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Verify as this provider instead of detecting it from the headers')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The public URL the provider calls, for schemes that sign the URL (Twilio, Square, HubSpot, Trello, Contentful, …)')
            [CompletionResult]::new('--respond-status', '--respond-status', [CompletionResultType]::ParameterName, 'Status to answer with when not forwarding (or with --ack)')
            [CompletionResult]::new('--respond-body', '--respond-body', [CompletionResultType]::ParameterName, 'Body to answer with: text, or @FILE')
            [CompletionResult]::new('--respond-header', '--respond-header', [CompletionResultType]::ParameterName, 'Header to answer with (repeatable)')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest request body accepted (e.g. 25MiB, 512k); larger gets 413')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Connections served at once; one more gets a one-line 503 and is closed')
            [CompletionResult]::new('--save', '--save', [CompletionResultType]::ParameterName, 'Also write each capture to DIR/<id>.json')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'How many captures the store keeps, newest first (0: all); older ones are deleted in the background')
            [CompletionResult]::new('--keep-for', '--keep-for', [CompletionResultType]::ParameterName, 'Delete captures older than this, in the background (e.g. 30d, 12h, 90m)')
            [CompletionResult]::new('--relay', '--relay', [CompletionResultType]::ParameterName, 'Also take webhooks from this relay (ws://, wss://, host:port; without a scheme: ws for localhost/loopback, wss otherwise). Repeat it (or give a comma list) for relay nodes sharing one Redis: when one is down the next is tried')
            [CompletionResult]::new('--channel', '--channel', [CompletionResultType]::ParameterName, 'The relay channel to hold (providers call {relay}/c/{channel}/)')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The relay token for --channel')
            [CompletionResult]::new('--inspect', '--inspect', [CompletionResultType]::ParameterName, 'Serve the web inspector here [default: 127.0.0.1:4040, or the next free port]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--ack', '--ack', [CompletionResultType]::ParameterName, 'Answer the sender at once and forward in the background')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'When the dev server fails, answers non-2xx or is slower than the provider waits, deliver again on the provider''s retry schedule')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate from forward targets')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no store at all')
            [CompletionResult]::new('--durable', '--durable', [CompletionResultType]::ParameterName, 'fsync every commit: captures survive a power cut, not only a crash (slower)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print NDJSON captures on stdout (nothing else; implies --no-tui)')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, token headers) instead of masking them')
            [CompletionResult]::new('--no-tui', '--no-tui', [CompletionResultType]::ParameterName, 'Print one line per capture instead of the live TUI')
            [CompletionResult]::new('--takeover', '--takeover', [CompletionResultType]::ParameterName, 'Take the relay channel from the listener holding it (that one stops)')
            [CompletionResult]::new('--no-inspect', '--no-inspect', [CompletionResultType]::ParameterName, 'Do not serve the web inspector')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;list' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show only the newest N')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show only the newest N')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only captures matching EXPR: free text, method: path: status: provider: verdict: since: until: origin:')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only captures received at or after WHEN (10m, 2h, 7d, 11:30, 2026-11-27, RFC 3339)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only captures received before WHEN (same forms as --since)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Print every matching capture (a bare `list` prints the newest 50)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of captures')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, token headers) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;show' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output form')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'For curl and HAR: the URL to name [default: where it was forwarded, else its Host]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, token headers) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;replay' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Send here instead of the capture''s recorded forward target(s)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Set a header on the replayed request (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Set a header on the replayed request (repeatable)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Replace the method')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Replace the body: text, @FILE, or @- for stdin')
            [CompletionResult]::new('--times', '--times', [CompletionResultType]::ParameterName, 'Send each capture N times, to test idempotency (one summary line per attempt)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A provider''s secret for --resign and the verdict, PROVIDER=SECRET or PROVIDER=@FILE')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The provider to re-sign as when it cannot be told from the capture')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Forward timeout in seconds, or `none`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Replay the newest stored capture')
            [CompletionResult]::new('--edit', '--edit', [CompletionResultType]::ParameterName, 'Open each capture in $VISUAL/$EDITOR before sending')
            [CompletionResult]::new('--resign', '--resign', [CompletionResultType]::ParameterName, 'Sign again with a fresh timestamp (and message id) so the dev server''s check passes')
            [CompletionResult]::new('--concurrent', '--concurrent', [CompletionResultType]::ParameterName, 'With --times: send all N at once, to test races')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print each replay as an NDJSON capture')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, token headers) instead of masking them')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not store the replays')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;inspect' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Serve the inspector here [default: 127.0.0.1:4040, or the next free port]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A provider''s secret for re-signing replays, PROVIDER=SECRET or PROVIDER=@FILE (repeatable)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write here instead of stdout')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Only captures matching EXPR (as `list --filter`)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, token headers) instead of masking them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;import' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;verify' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A provider''s secret or public key, PROVIDER=SECRET or PROVIDER=@FILE (repeatable; several per provider rotate)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Verify as this provider instead of detecting it from the headers')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The public URL the provider calls, for schemes that sign the URL (Twilio, Square, HubSpot, Trello, Contentful, …)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge timestamps as of this moment (unix seconds) instead of now')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per capture: id, provider, verdict, detail')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;sign' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider id (see `hookcli providers`)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret (the private key for key-pair schemes); @FILE reads it from a file [default: HOOKCLI_SECRET_<PROVIDER>, then [secrets] in the config files]')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Body: text, @FILE, or - for stdin [default: {}]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header (repeatable)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Method')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Sign as of this moment (unix seconds) instead of now')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'The event the provider''s headers name (GitHub''s x-github-event, Shopify''s topic, …) [default: the catalog''s first for the provider]')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The URL the provider would call (its path and query are signed by some schemes)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--no-extra-headers', '--no-extra-headers', [CompletionResultType]::ParameterName, 'Add only the signature headers, not the provider''s others (event type, delivery id, user agent)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;send' {
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider id (see `hookcli providers`)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The secret (the private key for key-pair schemes); @FILE reads it from a file [default: HOOKCLI_SECRET_<PROVIDER>, then [secrets] in the config files]')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Body: text, @FILE, or - for stdin [default: {}]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header (repeatable)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Method')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Sign as of this moment (unix seconds) instead of now')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'The event the provider''s headers name (GitHub''s x-github-event, Shopify''s topic, …) [default: the catalog''s first for the provider]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to deliver it (host:port, :port or a full URL with path)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Forward timeout in seconds, or `none`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--no-extra-headers', '--no-extra-headers', [CompletionResultType]::ParameterName, 'Add only the signature headers, not the provider''s others (event type, delivery id, user agent)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the sent capture as JSON')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not store what was sent')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;trigger' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Where to send it [default: the local listener, http://127.0.0.1:9999 or [listen] port]')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Change a body field: path.to.field=value (JSON when it parses as JSON, else text)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Your own body instead of the catalog''s: text, @FILE, or - for stdin')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A provider''s secret, PROVIDER=SECRET or PROVIDER=@FILE (repeatable) [default: [secrets], HOOKCLI_SECRET_*]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Extra request header, replacing the catalog''s of that name (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Extra request header, replacing the catalog''s of that name (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Timeout in seconds, or `none`')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Store directory [default: $HOOKCLI_HOME, else the platform data dir]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the catalog (one provider''s events when PROVIDER is given)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the sent capture as JSON')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not store what was sent')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;providers' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'A JSON array, one object per provider')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;relay' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (port 0 picks a free one)')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'The URL providers call (what clients are told); default: http(s)://{host they used}')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'The one token, granting every channel')
            [CompletionResult]::new('--tokens', '--tokens', [CompletionResultType]::ParameterName, 'Tokens file: `TOKEN CHANNEL [CHANNEL...]` a line (`*` = every channel, `#` comments)')
            [CompletionResult]::new('--buffer', '--buffer', [CompletionResultType]::ParameterName, 'Requests kept per channel while they wait for their ack; more get 503')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest request body accepted (e.g. 25MiB); larger gets 413')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Where channel buffers live [default: $HOOKCLI_HOME/relay, else the platform data dir]')
            [CompletionResult]::new('--response-timeout', '--response-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the listener''s answer before answering 202')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests a second per token across its channels, bursts to twice that (0 = no limit)')
            [CompletionResult]::new('--max-channels', '--max-channels', [CompletionResultType]::ParameterName, 'Channels one token may have connected at once')
            [CompletionResult]::new('--max-total-channels', '--max-total-channels', [CompletionResultType]::ParameterName, 'Channels the relay keeps in all (a channel exists once a token names it or a listener connects to it; ingress never creates one)')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Connections served at once; one more gets a one-line 503 and is closed')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Seconds a connection may stay silent (no request being answered) before it is closed')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'TLS certificate chain (PEM): serve https and wss')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'TLS private key (PEM)')
            [CompletionResult]::new('--redis', '--redis', [CompletionResultType]::ParameterName, 'Share channels with every relay node on this Redis (redis:// or rediss://, password in the URL allowed; never printed) instead of buffering on this node''s disk')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color output: auto (a terminal, and NO_COLOR unset), always, never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hookcli;help' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Catch every request, verify, forward, store and show it live')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List stored captures, newest last')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one stored capture')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send stored or piped captures again (edited, re-signed if asked)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Serve the web inspector over the store alone, without listening')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the store (or part of it) as NDJSON or HAR 1.2')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Read captures from NDJSON, a capture JSON or HAR into the store')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the signature of captures offline (exit 0 only when all are valid)')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Build a correctly signed request for a provider and print it as a capture')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Build a correctly signed request for a provider and deliver it')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send a realistic, signed test event from the catalog (`trigger --list` shows it)')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'Every supported provider: headers, algorithm, what the secret looks like')
            [CompletionResult]::new('relay', 'relay', [CompletionResultType]::ParameterValue, 'Run the self-hosted public relay that `listen --relay` connects to')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration, each value with its source (secrets masked)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hookcli;help;listen' {
            break
        }
        'hookcli;help;list' {
            break
        }
        'hookcli;help;show' {
            break
        }
        'hookcli;help;replay' {
            break
        }
        'hookcli;help;inspect' {
            break
        }
        'hookcli;help;export' {
            break
        }
        'hookcli;help;import' {
            break
        }
        'hookcli;help;verify' {
            break
        }
        'hookcli;help;sign' {
            break
        }
        'hookcli;help;send' {
            break
        }
        'hookcli;help;trigger' {
            break
        }
        'hookcli;help;providers' {
            break
        }
        'hookcli;help;relay' {
            break
        }
        'hookcli;help;completions' {
            break
        }
        'hookcli;help;man' {
            break
        }
        'hookcli;help;config' {
            break
        }
        'hookcli;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
