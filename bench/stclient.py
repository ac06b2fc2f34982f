"""A protocol-level Streamlit client: what a browser tab sends and receives, without a browser.

For the class-load benchmark (bench/classroom.py): thirty chromium tabs do not fit a 2-core machine
next to the server they measure, while thirty of these cost almost nothing. A :class:`Tab` speaks
Streamlit 1.67's WebSocket protocol (``/_stcore/stream``, protobuf ``BackMsg``/``ForwardMsg``) as the
frontend does: a rerun carries the query string, the page and the widgets' states; a widget is found by
its label in the elements the last run sent; fragments that ask to rerun themselves (``st.fragment
(run_every=…)``) are rerun on their interval; files are uploaded over HTTP first, then named in the
widget's state. ``bench/classroom.py --validate`` times the same actions here and in chromium.
"""

from __future__ import annotations

import asyncio
import http.cookies
import json
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Common_pb2 import FileURLsRequest, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import connect

WIDGETS = {  # element type → how its state is sent
    "number_input": "double_or_int", "slider": "double_array_value", "text_input": "string_value",
    "text_area": "string_value", "checkbox": "bool_value", "toggle": "bool_value", "button": "trigger_value",
    "selectbox": "string_value", "radio": "string_value", "segmented_control": "string_array_value",
    "button_group": "string_array_value", "multiselect": "string_array_value", "file_uploader": "file_uploader_state_value",
    "download_button": "trigger_value", "form_submit_button": "trigger_value",
}
DEBUG = False
FULL_RUN = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
RUN_TIMEOUT_S = 90.0  # a full rerun not finished by then is an error of the benchmark's report


@dataclass
class Element:
    kind: str
    proto: Any

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")

    @property
    def id(self) -> str:
        return getattr(self.proto, "id", "")

    def text(self) -> str:
        p = self.proto
        for name in ("body", "value", "message"):
            v = getattr(p, name, None)
            if isinstance(v, str) and v:
                return v
        return ""


@dataclass
class Tab:
    """One browser tab on ``base`` (``http://127.0.0.1:PORT``); ``cookies`` as a browser would send them."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    page: str = ""
    query: str = ""
    auto_reruns: int = 0

    async def __aenter__(self) -> Tab:
        self._xsrf = self._get_xsrf()
        header = "; ".join(f"{k}={v}" for k, v in {**self.cookies, "_streamlit_xsrf": self._xsrf}.items())
        url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        self._ws = await connect(url, subprotocols=["streamlit", self._xsrf] if self._xsrf else ["streamlit"], max_size=None,
                                 additional_headers={"Cookie": header, "Origin": self.base})
        self._session_id = ""
        self._states: dict[str, WidgetState] = {}
        self._finished: asyncio.Queue[int] = asyncio.Queue()
        self._file_urls: dict[str, asyncio.Future] = {}
        self._fragments: dict[str, asyncio.Task] = {}
        # A run asked for and not finished (a full one awaited by _run, or a fragment's tick): Streamlit's front end
        # sends no auto-rerun meanwhile (App.handleAutoRerunTick), and neither does this tab.
        self._awaiting_full = False
        self._fragment_in_flight = False
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._fragments.values():
            task.cancel()
        self._reader.cancel()
        await self._ws.close()

    def _get_xsrf(self) -> str:
        with urllib.request.urlopen(self.base + "/_stcore/health", timeout=30) as r:  # the frontend's first request; it sets the cookie
            jar = http.cookies.SimpleCookie()
            for h in r.headers.get_all("Set-Cookie") or []:
                jar.load(h)
        return jar["_streamlit_xsrf"].value if "_streamlit_xsrf" in jar else ""

    # ---- receiving -----------------------------------------------------------------------------
    async def _read(self) -> None:
        async for raw in self._ws:
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if DEBUG: print("<-", kind, msg.script_finished if kind == "script_finished" else "")
            if kind == "new_session":
                self._session_id = msg.new_session.initialize.session_id or self._session_id
                self.elements = {}  # a full run starts (a fragment's run sends no new_session)
            elif kind == "delta":
                path = tuple(msg.metadata.delta_path)
                if msg.delta.WhichOneof("type") == "new_element":
                    el = msg.delta.new_element
                    which = el.WhichOneof("type")
                    self.elements[path] = Element(which, getattr(el, which))
                    if which == "exception":
                        self.errors.append(el.exception.message)
            elif kind == "page_info_changed":  # the page wrote st.query_params: the browser's address bar follows
                self.query = msg.page_info_changed.query_string
            elif kind == "script_finished":
                self._fragment_in_flight = False
                self._finished.put_nowait(msg.script_finished)
            elif kind == "auto_rerun":
                fid = msg.auto_rerun.fragment_id
                if fid not in self._fragments:
                    self._fragments[fid] = asyncio.create_task(self._every(fid, msg.auto_rerun.interval))
            elif kind == "file_urls_response":
                fut = self._file_urls.pop(msg.file_urls_response.response_id, None)
                if fut:
                    fut.set_result(list(msg.file_urls_response.file_urls))

    async def _every(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            if self._awaiting_full or self._fragment_in_flight:
                continue
            self.auto_reruns += 1
            self._fragment_in_flight = True
            await self._send_rerun(fragment_id=fragment_id, auto=True)

    # ---- sending ---------------------------------------------------------------------------------
    async def _send_rerun(self, *, fragment_id: str = "", auto: bool = False, states: list[WidgetState] | None = None) -> None:
        cs = ClientState(query_string=self.query, page_name=self.page, fragment_id=fragment_id, is_auto_rerun=auto,
                         widget_states=WidgetStates(widgets=states if states is not None else list(self._states.values())))
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-US"
        cs.context_info.url = f"{self.base}/{self.page}" + (f"?{self.query}" if self.query else "")
        await self._ws.send(BackMsg(rerun_script=cs).SerializeToString())

    async def _run(self, **kw: Any) -> float:
        """Send a full rerun and wait for it to finish; the seconds it took."""
        while not self._finished.empty():
            self._finished.get_nowait()
        t0 = time.perf_counter()
        self._awaiting_full = True
        try:
            return await self._await_full(t0, **kw)
        finally:
            self._awaiting_full = False

    async def _await_full(self, t0: float, **kw: Any) -> float:
        await self._send_rerun(**kw)
        deadline = time.monotonic() + RUN_TIMEOUT_S  # one limit for the run: a fragment's runs finish meanwhile
        seen: list[str] = []
        while True:
            try:
                status = await asyncio.wait_for(self._finished.get(), timeout=max(0.0, deadline - time.monotonic()))
            except (asyncio.TimeoutError, TimeoutError):
                raise TimeoutError(f"no full run of /{self.page} within {RUN_TIMEOUT_S:.0f} s; runs that ended meanwhile: "
                                   f"{seen or 'none'}") from None
            if status in FULL_RUN:
                return time.perf_counter() - t0
            seen.append(ForwardMsg.ScriptFinishedStatus.Name(status))

    async def open(self, page: str = "", query: str = "") -> float:
        """Go to ``/page?query`` (a link, or a click on the navigation)."""
        for task in self._fragments.values():
            task.cancel()
        self._fragments.clear()
        self.page, self.query, self._states = page, query, {}
        return await self._run()

    def find(self, label: str, kind: str | None = None) -> Element:
        hits = [e for e in self.elements.values() if e.label == label and (kind is None or e.kind == kind) and e.id]
        if not hits:
            shown = sorted({f"{e.kind}:{e.label}" for e in self.elements.values() if e.id})
            raise LookupError(f"no widget {label!r} on {self.page or 'home'}; widgets: {shown}")
        return hits[0]

    async def set(self, label: str, value: Any, kind: str | None = None) -> float:
        """Change a widget's value as a person would, and wait for the rerun it causes."""
        el = self.find(label, kind)
        st = WidgetState(id=el.id)
        how = WIDGETS.get(el.kind, "")
        if how == "double_or_int":
            if isinstance(value, float) or el.proto.data_type == el.proto.FLOAT:
                st.double_value = float(value)
            else:
                st.int_value = int(value)
        elif how == "double_array_value":
            st.double_array_value.data.extend(value if isinstance(value, (list, tuple)) else [value])
        elif how == "string_value":
            st.string_value = str(value)
        elif how == "bool_value":
            st.bool_value = bool(value)
        elif how == "string_array_value":
            st.string_array_value.data.extend(value if isinstance(value, (list, tuple)) else [str(value)])
        else:
            raise TypeError(f"cannot set a {el.kind}")
        self._states[el.id] = st
        return await self._run()

    async def click(self, label: str) -> float:
        el = self.find(label)
        trigger = WidgetState(id=el.id, trigger_value=True)
        return await self._run(states=[*self._states.values(), trigger])  # a trigger is sent once

    async def upload(self, label: str, name: str, data: bytes, mime: str = "application/octet-stream") -> float:
        """Upload ``data`` through the file uploader ``label`` (HTTP PUT, then the widget's state)."""
        el = self.find(label, "file_uploader")
        request_id = uuid.uuid4().hex
        fut = asyncio.get_running_loop().create_future()
        self._file_urls[request_id] = fut
        await self._ws.send(BackMsg(file_urls_request=FileURLsRequest(request_id=request_id, file_names=[name],
                                                                       session_id=self._session_id)).SerializeToString())
        [urls] = await asyncio.wait_for(fut, timeout=60)
        await asyncio.to_thread(self._put, urls.upload_url, name, data, mime)
        st = WidgetState(id=el.id)
        st.file_uploader_state_value.uploaded_file_info.append(
            UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id, file_urls=urls))
        self._states[el.id] = st
        return await self._run()

    def _put(self, url: str, name: str, data: bytes, mime: str) -> None:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: {mime}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        full = url if url.startswith("http") else self.base + "/" + url.lstrip("/")
        req = urllib.request.Request(full, data=body, method="PUT", headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", "X-Xsrftoken": self._xsrf,
            "Cookie": f"_streamlit_xsrf={self._xsrf}", "Origin": self.base})
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()

    # ---- reading -----------------------------------------------------------------------------------
    def metric(self, label: str) -> str:
        for e in self.elements.values():
            if e.kind == "metric" and e.proto.label == label:
                return e.proto.body
        raise LookupError(f"no metric {label!r} on {self.page or 'home'}")

    def alerts(self) -> list[str]:
        return [e.proto.body for e in self.elements.values() if e.kind == "alert"]

    def texts(self) -> str:
        return "\n".join(e.text() for e in self.elements.values())


def dump(tab: Tab) -> str:  # for debugging a scenario
    return json.dumps([(list(k), e.kind, e.label, e.text()[:60]) for k, e in sorted(tab.elements.items())], ensure_ascii=False, indent=0)
