"""Exchange with other tools: graph files for Gephi, codebooks as spreadsheet or REFI-QDA .qdc."""
