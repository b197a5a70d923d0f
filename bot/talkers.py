"""What this process last stored of the students talking through it, so the next turn of a
student in the middle of a reflection need not read it again (bot/reflection.py).

A turn reads its student and conversation (and whether its update was handled) in one
statement, then writes the turn. On PostgreSQL that read is a round trip and about a sixth
of the turn's time (0.50 of 3.18 ms in bench/README.md's seventh sitting); on SQLite a
statement on the database thread. A turn that this process committed knows what it left
stored, so the student's next turn can start from that instead. Nothing is trusted that was
not checked: the next turn's write moves the conversation only if it is still as remembered
(its turn count and status: compare and set) and the student still has this contact, name,
language and group (storage/conversations.py `Remembered`); the update's record finds it if
it was handled meanwhile. Anything that changed (another worker's turn, a mentor's page, an
erasure) makes that write find nothing to move; the turn then runs again on a fresh read.

An entry is taken (removed) when a turn starts with it and put back only when that turn
committed: a turn that fails, or two turns of one student at once, leave nothing stale
behind. Entries go after `ttl` (swept whenever the memory is used, and by the job loop) and
beyond `capacity`, the oldest first: a memory for the next message of a conversation in
progress, not a copy of the database. It holds a student's name and their conversation's
snapshot, in this process's memory only, never logged, for at most `ttl` (an erasure on
another worker: this one forgets within that time, and never uses them again).

Where a student's messages are spread over several workers (a proxy that does not keep a
chat on one), most remembered turns find their conversation moved and run twice: memory then
costs more than it saves. So it rests for a while when too many of the last remembered turns
were stale (`checked`).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.storage.conversations import ACTIVE, ConversationRow
from bot.storage.students import StudentRow

Contact = tuple[str, str]  # (channel, address)

# Of the last WINDOW turns that started from memory, more than STALE found it out of date:
# the memory rests for REST (a stale one costs a second run of the turn; a fresh one saves
# about half of that).
WINDOW, STALE, REST = 32, 8, timedelta(minutes=10)


class Talkers:
    """Student and conversation in progress as this process last stored them, by contact."""

    def __init__(self, clock: Callable[[], datetime], capacity: int = 2000,
                 ttl: timedelta = timedelta(minutes=10)) -> None:
        self.clock = clock
        self.capacity = capacity
        self.ttl = ttl
        # in the order kept, so the expired ones are at the front
        self._kept: OrderedDict[Contact, tuple[datetime, StudentRow, ConversationRow]] = \
            OrderedDict()
        self._checks: deque[bool] = deque(maxlen=WINDOW)  # True: the memory was still true
        self._resting_until: datetime | None = None

    def take(self, contact: Contact) -> tuple[StudentRow, ConversationRow] | None:
        """The rows kept for this contact, removed: a turn starting with them puts them back
        (`keep`) once it committed. None when nothing (fresh enough) is kept."""
        self.sweep()
        kept = self._kept.pop(contact, None)
        return None if kept is None else (kept[1], kept[2])

    def keep(self, contact: Contact, student: StudentRow, conversation: ConversationRow) -> None:
        """What a committed turn left stored: kept for the student's next turn while the
        conversation is in progress (an ended one is not where a next message goes)."""
        self._kept.pop(contact, None)
        self.sweep()
        if conversation.status != ACTIVE or self.resting:
            return
        self._kept[contact] = (self.clock(), student, conversation)
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)

    def forget(self, contact: Contact) -> None:
        self._kept.pop(contact, None)

    def sweep(self) -> None:
        """Drop what is older than `ttl`."""
        oldest = self.clock() - self.ttl
        while self._kept:
            contact, (kept_at, _, _) = next(iter(self._kept.items()))
            if kept_at > oldest:
                break
            del self._kept[contact]

    def checked(self, fresh: bool) -> None:
        """A turn that started from memory found it still true (`fresh`), or ran again on a
        fresh read. Too many stale ones: rest (keep nothing) for a while."""
        self._checks.append(fresh)
        if len(self._checks) == WINDOW and self._checks.count(False) > STALE:
            self._resting_until = self.clock() + REST
            self._checks.clear()
            self._kept.clear()

    @property
    def resting(self) -> bool:
        if self._resting_until is not None and self.clock() >= self._resting_until:
            self._resting_until = None
        return self._resting_until is not None

    def __len__(self) -> int:
        return len(self._kept)
