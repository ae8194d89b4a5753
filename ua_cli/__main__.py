from ua_cli.commands import main

main()
