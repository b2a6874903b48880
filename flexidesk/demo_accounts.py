"""The fictional demo school's accounts: (username, display name, role, password).

Apart from the seeder so that the demo's sign-in form can list them without loading it.
"""

DEMO_ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("head", "Helen Armitage", "headteacher", "demo-head"),
    ("pastoral", "Sam Okoye", "pastoral_lead", "demo-pastoral"),
    ("office", "Priya Desai", "office", "demo-office"),
    ("governor", "Tom Hadley", "governor", "demo-governor"),
)
