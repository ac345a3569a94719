"""The package's own web app: its routes are definitions, not calls to Metabase."""

from fastapi import APIRouter, FastAPI
from flask import Flask

app = FastAPI()
router = APIRouter()
flask_app = Flask(__name__)


@app.get("/api/card/{card_id}")
def card(card_id: int):
    return {"id": card_id}


@router.post("/api/items")
def create_item(body: dict):
    return body


@flask_app.route("/api/dashboard/<int:dashboard_id>", methods=["GET"])
def dashboard(dashboard_id):
    return {"id": dashboard_id}


app.include_router(router)
