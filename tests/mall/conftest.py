from tests.helpers.cli import jifen, template_store  # noqa: F401  (fixtures for the command-line tests)
from tests.ledger.conftest import pg_cluster  # noqa: F401,E402
from tests.sync.conftest import network  # noqa: F401,E402
