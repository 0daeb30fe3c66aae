from ..api.conftest import api, curator_api  # noqa: F401  the API's clients, for the dataset's tests
