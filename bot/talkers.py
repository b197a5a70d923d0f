"""What this process last stored of the students talking through it, so the next turn of a
student in the middle of a reflection need not read it again (bot/reflection.py).

On PostgreSQL a turn reads its student and conversation in one statement, then writes the
turn in another: the read is a round trip and about a fifth of the turn's work. A turn that
this process committed knows what it left stored, so the student's next turn can start from
that instead. Nothing is trusted that was not checked: the next turn's write moves the
conversation only if it is still as remembered (its turn count and status: compare and set)
and the student still has this contact, name, language and group
(storage/conversations.py `Remembered`). Anything that changed meanwhile (another worker's
turn, a mentor's page, an erasure) makes that write find nothing to move; the turn then runs
again on a fresh read.

An entry is taken (removed) when a turn starts with it and put back only when that turn
committed: a turn that fails, or two turns of one student at once, leave nothing stale
behind. Entries go after `ttl` and beyond `capacity` (the oldest first): a memory for the
next message of a conversation in progress, not a copy of the database. What it holds is the
student's name and their conversation's snapshot, in this process's memory only; it is never
logged.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.storage.conversations import ACTIVE, ConversationRow
from bot.storage.students import StudentRow

Contact = tuple[str, str]  # (channel, address)


class Talkers:
    """Student and conversation in progress as this process last stored them, by contact."""

    def __init__(self, clock: Callable[[], datetime], capacity: int = 2000,
                 ttl: timedelta = timedelta(minutes=30)) -> None:
        self.clock = clock
        self.capacity = capacity
        self.ttl = ttl
        self._kept: OrderedDict[Contact, tuple[datetime, StudentRow, ConversationRow]] = \
            OrderedDict()

    def take(self, contact: Contact) -> tuple[StudentRow, ConversationRow] | None:
        """The rows kept for this contact, removed: a turn starting with them puts them back
        (`keep`) once it committed. None when nothing (fresh enough) is kept."""
        kept = self._kept.pop(contact, None)
        if kept is None or self.clock() - kept[0] > self.ttl:
            return None
        return kept[1], kept[2]

    def keep(self, contact: Contact, student: StudentRow, conversation: ConversationRow) -> None:
        """What a committed turn left stored: kept for the student's next turn while the
        conversation is in progress (an ended one is not where a next message goes)."""
        self._kept.pop(contact, None)
        if conversation.status != ACTIVE:
            return
        self._kept[contact] = (self.clock(), student, conversation)
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)

    def forget(self, contact: Contact) -> None:
        self._kept.pop(contact, None)

    def __len__(self) -> int:
        return len(self._kept)
