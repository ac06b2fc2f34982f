"""Who is using this session: the sign-in, the person it gives, and the cookie that keeps it.

Three cases (:mod:`explorer.classroom` holds the rules):

* **no class** (the operator set no ``class_code``, ``teachers``, ``teacher_secret`` and no ``[auth]``
  provider): the local user, no sign-in, nothing shown — the app as one person on a laptop knows it.
* **an OpenID Connect provider** in ``.streamlit/secrets.toml`` (``[auth]``): Streamlit's own
  ``st.login`` / ``st.user`` / ``st.logout``; Streamlit keeps the identity in its signed cookie.
* **the light sign-in**: a name (and the class code). The person is kept in a token signed by the
  server (:func:`explorer.classroom.issue_token`) that the page writes into a cookie of this site.

Why a cookie and not the URL: a link is what students copy to each other (every page writes its
state into the URL), so a token in it would hand over the identity with the link; a cookie stays in
the browser that signed in, survives a refresh, a closed tab and a server restart, and Streamlit
reads it when a session starts (``st.context.cookies``). Streamlit has no call to set a cookie, so
a few lines of JavaScript do it (``st.html(..., unsafe_allow_javascript=True)``); the token holds only
characters of base64url and ``.``, made by the server, never text from the browser. It is not
HttpOnly: a script of the page could read it, but the page runs no one else's script, and a stolen
token is the one risk it shares with every cookie session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from explorer import classroom
from explorer.classroom import LOCAL, Person
from explorer.errors import ExplorerError
from explorer.settings import settings
from ui import state
from ui.i18n import _, error_text, escape_md

COOKIE = "cnn_explorer_person"
COOKIE_DAYS = classroom.TOKEN_DAYS


def _auth_section() -> Mapping[str, Any]:
    """``[auth]`` of ``.streamlit/secrets.toml``, as ``st.login`` reads it (``st.secrets``; empty without one)."""
    try:
        auth = st.secrets.get("auth")
    except Exception:  # noqa: BLE001  no secrets file (Streamlit raises), or one it cannot read: no provider
        return {}
    return auth if isinstance(auth, Mapping) else {}


def oidc_providers() -> list[str | None]:
    """The ``[auth]`` providers of ``.streamlit/secrets.toml``: ``None`` for one given directly in ``[auth]``,
    a name for each ``[auth.<name>]``; empty when no provider is configured."""
    auth = _auth_section()
    named = [str(k) for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]
    return ([None] if "client_id" in auth else []) + named


def class_mode() -> bool:
    return classroom.class_mode(oidc=bool(oidc_providers()))


def current() -> Person | None:
    """The person of this session: :data:`~explorer.classroom.LOCAL` without a class, None until they sign in."""
    providers = oidc_providers()
    if not classroom.class_mode(oidc=bool(providers)):
        return LOCAL
    if providers:
        try:
            return classroom.oidc_person(st.user.to_dict())
        except Exception:  # noqa: BLE001  no script context (a bare import): nobody
            return None
    person = st.session_state.get(state.PERSON)
    if isinstance(person, Person):
        return person
    if not st.session_state.get(state.PERSON_SIGNED_OUT):
        person = classroom.read_token(st.context.cookies.get(COOKIE))
        if person is not None:
            st.session_state[state.PERSON] = person
    return person


def person() -> Person:
    """The signed-in person; a page reached without one stops here (``app.py`` shows the sign-in)."""
    who = current()
    if who is None:
        st.stop()
    return who


# --- the light sign-in ------------------------------------------------------------------------


def _sign_in() -> None:
    try:
        who = classroom.sign_in(st.session_state.get(state.SIGN_IN_NAME, ""), st.session_state.get(state.SIGN_IN_CODE, ""),
                                st.session_state.get(state.SIGN_IN_SECRET, ""))
    except ExplorerError as err:
        st.session_state[state.SIGN_IN_ERROR] = err
        return
    st.session_state.pop(state.SIGN_IN_ERROR, None)
    st.session_state.pop(state.PERSON_SIGNED_OUT, None)
    st.session_state.pop(state.SIGN_IN_SECRET, None)
    st.session_state[state.PERSON] = who
    st.session_state[state.PERSON_COOKIE_JS] = ("set", classroom.issue_token(who))


def _sign_out() -> None:
    for key in (state.PERSON, state.SIGN_IN_NAME, state.SIGN_IN_CODE, state.TRAIN_RUN):
        st.session_state.pop(key, None)
    st.session_state[state.PERSON_SIGNED_OUT] = True
    st.session_state[state.PERSON_COOKIE_JS] = ("clear", "")


def sign_in_form() -> None:
    """The class's door: OpenID Connect buttons, or a name (and the class code, and the teacher's secret)."""
    st.title(_("Sign in to the class"))
    providers = oidc_providers()
    if providers:
        st.write(_("Sign in with your school account so that your runs are yours."))
        for provider in providers:
            label = _("Sign in with {provider}", provider=provider) if provider else _("Sign in")
            if st.button(label, key=f"w:people:login:{provider or ''}", type="primary", icon=":material/login:"):
                if provider:
                    st.login(provider)
                else:
                    st.login()
        return
    s = settings()
    st.write(_("Type your name so that your runs are yours: the others in the class do not see them, and you find them again after a refresh or tomorrow, in this browser."))
    with st.form("people:sign_in", border=True):
        st.text_input(_("Your name"), key=state.SIGN_IN_NAME, max_chars=classroom.MAX_NAME, help=_("As the teacher should see it next to your runs."))
        if s.class_code:
            st.text_input(_("Class code"), key=state.SIGN_IN_CODE, help=_("The code your teacher gave the class."))
        if s.teacher_secret:
            st.text_input(_("Teacher secret (teachers only)"), key=state.SIGN_IN_SECRET, type="password", help=_("Leave it empty unless you teach this class."))
        st.form_submit_button(_("Sign in"), type="primary", icon=":material/login:", on_click=_sign_in)
    err = st.session_state.get(state.SIGN_IN_ERROR)
    if err is not None:
        st.error(error_text(err), icon="⚠️")


def badge(who: Person | None) -> None:
    """In the sidebar: who is signed in, and the way out (nothing without a class)."""
    write_cookie()
    if who is None or who.is_local:
        return
    role = _("teacher") if who.is_teacher else _("student")
    st.caption(_("Signed in as **{name}** ({role})", name=escape_md(who.name), role=role))
    if oidc_providers():
        if st.button(_("Sign out"), key=state.SIGN_OUT, icon=":material/logout:"):
            st.logout()
    else:
        st.button(_("Sign out"), key=state.SIGN_OUT, icon=":material/logout:", on_click=_sign_out)


def write_cookie() -> None:
    """Write (or clear) the sign-in cookie in the browser: a script that sets ``document.cookie``, drawn while it is due.

    Drawn on every run with the same text, so the browser runs it once and the layout does not move.
    """
    todo = st.session_state.get(state.PERSON_COOKIE_JS)
    if not todo:
        return
    action, token = todo
    if action == "set" and all(c.isalnum() or c in "-_." for c in token):
        value, age = token, COOKIE_DAYS * 86400
    else:
        value, age = "", 0
    st.html(f'<script>document.cookie = "{COOKIE}={value}; path=/; max-age={age}; SameSite=Lax";</script>',
            unsafe_allow_javascript=True)
