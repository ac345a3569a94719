"""Resources: each subclass says where it lives; the base class sends."""


class Item:
    _ENDPOINT = None

    def __init__(self, http, item_id):
        self._http = http
        self.id = item_id

    def fetch(self):
        return self._http.get(self._ENDPOINT.format(id=self.id))

    def save(self, body):
        return self._http.put(self._ENDPOINT.format(id=self.id), json=body)
