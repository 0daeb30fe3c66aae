"""dumpdata's JSON, with date-times to the microsecond (settings.SERIALIZATION_MODULES["json"]).

Django's JSON encoder cuts date-times to the millisecond, so a backup restored with loaddata
would change every `updated_at` the API shows and a client's `updated_since` sync would see
records move. Loading is Django's own: it reads both forms.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = FullPrecisionEncoder


Deserializer = django_json.Deserializer
