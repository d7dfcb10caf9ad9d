"""A small Flask app secured by Flask-Security-Too, configured the way its documentation's
quick start and two-factor configuration pages say: SQLAlchemy models (fsqla_v3), changeable
passwords, two-factor authentication with an authenticator app (TOTP through pyotp, QR codes
through qrcode) and recovery codes. Nothing in it knows about Tessera.

Run: TESSERA_FS_DB=/tmp/x.sqlite3 TESSERA_FS_PORT=18401 python3 app.py
(seeds admin@example.com with TESSERA_FS_PASSWORD on a fresh database first)."""

import os

from flask import Flask, render_template_string
from flask_sqlalchemy import SQLAlchemy
from flask_security import Security, SQLAlchemyUserDatastore, auth_required, hash_password
from flask_security.models import fsqla_v3 as fsqla

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["TESSERA_FS_SECRET_KEY"]
app.config["SECURITY_PASSWORD_SALT"] = os.environ["TESSERA_FS_SALT"]
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.environ["TESSERA_FS_DB"]
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
app.config["SECURITY_PASSWORD_HASH"] = "bcrypt"
# No DNS on this machine: validate addresses by their syntax only (SECURITY_EMAIL_VALIDATOR_ARGS).
app.config["SECURITY_EMAIL_VALIDATOR_ARGS"] = {"check_deliverability": False}
# Account features (Flask-Security "Configuration": Changeable, Two-factor, recovery codes).
app.config["SECURITY_CHANGEABLE"] = True
app.config["SECURITY_SEND_PASSWORD_CHANGE_EMAIL"] = False  # no mail server here
app.config["SECURITY_TWO_FACTOR"] = True
app.config["SECURITY_TWO_FACTOR_ENABLED_METHODS"] = ["authenticator"]
app.config["SECURITY_TOTP_SECRETS"] = {"1": os.environ["TESSERA_FS_TOTP_KEY"]}
app.config["SECURITY_TOTP_ISSUER"] = "Flask-Security demo"
app.config["SECURITY_MULTI_FACTOR_RECOVERY_CODES"] = True

db = SQLAlchemy(app)
fsqla.FsModels.set_db_info(db)


class Role(db.Model, fsqla.FsRoleMixin):
    pass


class User(db.Model, fsqla.FsUserMixin):
    pass


user_datastore = SQLAlchemyUserDatastore(db, User, Role)
app.security = Security(app, user_datastore)


@app.route("/")
@auth_required()
def home():
    return render_template_string(
        '{% extends "security/base.html" %}{% block content %}'
        "<h1>Welcome</h1><p>Signed in as {{ current_user.email }}</p>"
        '{% include "security/_menu.html" %}{% endblock %}'
    )


def seed():
    with app.app_context():
        db.create_all()
        if not app.security.datastore.find_user(email=os.environ["TESSERA_FS_USER"]):
            app.security.datastore.create_user(
                email=os.environ["TESSERA_FS_USER"], password=hash_password(os.environ["TESSERA_FS_PASSWORD"])
            )
        db.session.commit()


if __name__ == "__main__":
    seed()
    app.run(host="127.0.0.1", port=int(os.environ["TESSERA_FS_PORT"]), debug=False, use_reloader=False)
