from commhub.cli.main import main

main()
