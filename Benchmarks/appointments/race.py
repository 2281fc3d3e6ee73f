#!/usr/bin/env python3
"""Appointment booking race against a running Crossing server on PostgreSQL.

    race.py BASE_URL DATABASE_URL BLIND_INDEX_KEY_BASE64 [--clients 200] [--capacity 3] [--accounts 3000]

1. Creates applicant accounts with portal sessions directly in the database (the session cookie's
   keyed digest is computed here exactly as the server does: HKDF-SHA256 subkey for purpose
   "session-token", then HMAC-SHA256 of "session:" + token).
2. Asks the server for the released days of one office and service (which creates the slots), and
   makes them scarce: `capacity` places per time slot.
3. Runs `clients` concurrent clients, each with its own keep-alive connection and client address.
   Each takes a fresh account and asks for a random time among those not yet known to be full, until
   it gets a place (then takes the next account) or every place is gone.
4. Checks the database: no slot has more places taken than it has, and the holds the clients were
   given equal the places taken. Prints one JSON line with the figures.
"""
import argparse, asyncio, base64, hashlib, hmac, json, os, random, subprocess, sys, time, uuid
from urllib.parse import urlparse

OFFICE, SERVICE = "bj-dongcheng", "passport.first"


def hkdf_sha256(ikm: bytes, info: bytes, length: int = 32) -> bytes:
    prk = hmac.new(b"\x00" * 32, ikm, hashlib.sha256).digest()  # RFC 5869: empty salt = HashLen zeros
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm += block
        counter += 1
    return okm[:length]


def psql(database_url: str, sql: str) -> str:
    return subprocess.run(["psql", database_url, "-v", "ON_ERROR_STOP=1", "-qAt", "-f", "-"],
                          input=sql, check=True, capture_output=True, text=True).stdout


def create_accounts(database_url: str, key: bytes, count: int) -> list[str]:
    subkey = hkdf_sha256(key, b"crossing/keyed-digest/v1/session-token")
    tokens, accounts, sessions = [], [], []
    for index in range(count):
        account, token = str(uuid.uuid4()), base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
        digest = hmac.new(subkey, ("session:" + token).encode(), hashlib.sha256).hexdigest()
        accounts.append(f"('{account}','bench-person-{index}','applicant','x','zh','',0,now())")
        sessions.append(f"('{uuid.uuid4()}','{digest}','{account}','csrf',now(),now(),now() + interval '12 hours','bench','127.0.0.1')")
        tokens.append(token)
    for start in range(0, count, 500):
        psql(database_url,
             "INSERT INTO accounts (id, person_key, kind, password_hash, language, locked_methods, lock_count, created_at) VALUES "
             + ",".join(accounts[start:start + 500]) + ";"
             + "INSERT INTO sessions (id, token_digest, account_id, csrf_token, created_at, last_seen_at, expires_at, device, client_address) VALUES "
             + ",".join(sessions[start:start + 500]) + ";")
    return tokens


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port, self.reader, self.writer = host, port, None, None

    async def request(self, method: str, path: str, headers: dict, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        payload = await self.reader.readexactly(length) if length else b""
        return status, payload


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("database_url")
    parser.add_argument("blind_index_key")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--capacity", type=int, default=3)
    parser.add_argument("--accounts", type=int, default=3000)
    args = parser.parse_args()
    url = urlparse(args.base_url)
    host, port = url.hostname, url.port

    tokens = create_accounts(args.database_url, base64.b64decode(args.blind_index_key), args.accounts)
    setup = Connection(host, port)
    status, body = await setup.request("GET", f"/api/v1/appointments/availability?office={OFFICE}&service={SERVICE}", {})
    assert status == 200, body
    days = json.loads(body)["days"]
    slots = [(day["date"], slot["time"]) for day in days for slot in day["slots"]]
    dates = sorted({date for date, _ in slots})
    psql(args.database_url,
         f"UPDATE appointment_slots SET capacity = {args.capacity} WHERE office_code = '{OFFICE}' "
         f"AND service_group = 'citizen-documents' AND date IN ({','.join(repr(d) for d in dates)})")
    places = len(slots) * args.capacity

    open_slots = set(slots)
    next_account = 0
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    lock = asyncio.Lock()

    async def take_account() -> int | None:
        nonlocal next_account
        async with lock:
            if next_account >= len(tokens):
                return None
            next_account += 1
            return next_account - 1

    async def client(number: int) -> None:
        connection = Connection(host, port)
        address = f"10.{number // 250}.{number % 250}.1"
        account = await take_account()
        while account is not None and open_slots:
            date, time_ = random.choice(tuple(open_slots))
            body = json.dumps({"officeCode": OFFICE, "serviceCode": SERVICE, "date": date, "time": time_}).encode()
            headers = {"Content-Type": "application/json", "Cookie": f"crossing_session={tokens[account]}",
                       "X-Forwarded-For": address, "Accept-Language": "en"}
            started = time.perf_counter()
            status, payload = await connection.request("POST", "/api/v1/appointments", headers, body)
            latencies.append(time.perf_counter() - started)
            kind = str(status)
            if status == 409:
                kind = json.loads(payload)["type"].rsplit("/", 1)[-1]
                if kind == "appointment-full":
                    open_slots.discard((date, time_))
            outcomes[kind] = outcomes.get(kind, 0) + 1
            if status != 409:
                account = await take_account()

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(args.clients)))
    elapsed = time.perf_counter() - started

    overbooked = int(psql(args.database_url, "SELECT count(*) FROM appointment_slots WHERE booked > capacity").strip())
    taken = int(psql(args.database_url,
                     f"SELECT coalesce(sum(booked), 0) FROM appointment_slots WHERE office_code = '{OFFICE}' "
                     f"AND service_group = 'citizen-documents' AND date IN ({','.join(repr(d) for d in dates)})").strip())
    rows_over = int(psql(args.database_url,
                         "SELECT count(*) FROM (SELECT a.slot_id FROM appointments a JOIN appointment_slots s ON s.id = a.slot_id "
                         "WHERE a.status IN ('held','confirmed') GROUP BY a.slot_id, s.capacity HAVING count(*) > s.capacity) x").strip())
    latencies.sort()
    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0.0
    print(json.dumps({
        "clients": args.clients, "slots": len(slots), "capacity": args.capacity, "places": places,
        "requests": len(latencies), "seconds": round(elapsed, 2), "outcomes": outcomes,
        "holds": outcomes.get("201", 0), "placesTaken": taken, "overbookedSlots": overbooked,
        "slotsWithMoreAppointmentsThanPlaces": rows_over,
        "requestsPerSecond": round(len(latencies) / elapsed, 1),
        "holdsPerSecond": round(outcomes.get("201", 0) / elapsed, 1),
        "p50ms": round(pct(0.50), 1), "p99ms": round(pct(0.99), 1),
    }))


if __name__ == "__main__":
    asyncio.run(main())
