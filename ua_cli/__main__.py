from ua_cli.cli import main

main()
