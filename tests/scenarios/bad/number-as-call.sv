client: 5
