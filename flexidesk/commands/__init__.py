"""The admin commands, one module each (``cli.COMMANDS`` names them); ``common`` holds what they share."""
