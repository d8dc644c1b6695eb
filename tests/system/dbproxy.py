"""A TCP relay between the app servers and PostgreSQL that can stage an outage like a restart.

Restarting the machine's PostgreSQL would cut every other test run on it, so the system tests restart
"the database" as the app servers see it: during an outage the relay drops every open connection and
turns new ones away (accepts, then closes: what a server that is shutting down or starting up does to a
client); afterwards it relays again. The real restart under load is bench/faults.py's, run by hand.
"""

import contextlib
import socket
import threading


class DatabaseRelay:
    def __init__(self, host="127.0.0.1", port=5432):
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.available = threading.Event()
        self.available.set()
        self.open = []
        self.lock = threading.Lock()
        self.closed = False

    def start(self):
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def outage(self):
        """From now on: every open connection is cut, and new ones are turned away."""
        self.available.clear()
        with self.lock:
            for sock in self.open:
                _close(sock)
            self.open.clear()

    def recover(self):
        self.available.set()

    def stop(self):
        self.closed = True
        self.outage()
        _close(self.listener)

    def _accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.available.is_set():
                _close(client)
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _close(client)
                continue
            server.settimeout(None)
            with self.lock:
                self.open.extend([client, server])
            threading.Thread(target=_pump, args=(client, server), daemon=True).start()
            threading.Thread(target=_pump, args=(server, client), daemon=True).start()


def _pump(source, target):
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(target)


def _close(sock):
    with contextlib.suppress(OSError):  # already shut by the other side
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
