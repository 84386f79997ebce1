client: c =
