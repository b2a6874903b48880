"""Table models fed with rows by the tabs; data() never queries the database."""
