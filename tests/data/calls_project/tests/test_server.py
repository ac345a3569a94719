from fastapi.testclient import TestClient

from app.server import app, flask_app


def test_card(client):
    assert client.get("/api/card/1").json() == {"id": 1}


def test_item():
    direct = TestClient(app)
    assert direct.post("/api/items", json={"a": 1}).status_code == 200


def test_dashboard():
    with flask_app.test_client() as web:
        assert web.get("/api/dashboard/2").status_code == 200
