from mbclient.resources import Item


class Card(Item):
    _ENDPOINT = "/card/{id}"


class Dashboard(Item):
    _ENDPOINT = "/dashboard/{id}"


class Metric(Item):
    _ENDPOINT = "/metric/{id}"

    def fetch(self):
        raise NotImplementedError("metrics are read through their table")
