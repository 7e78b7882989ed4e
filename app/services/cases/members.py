"""Who a case is about and who is involved: children, parties, and parties kept apart.

Children are known by initials and a date of birth (or, before birth, the expected date of
delivery) only. Audit rows carry ids only: the initials and dates stay out of the log.
"""

import re
from datetime import date, datetime

from sqlalchemy import select

from app.extensions import db
from app.models import CaseParty, Child, KeptApart, Person
from app.services import NotFound, ServiceError, audit
from app.services.cases.cases import get_case
from app.time import london_date

INITIALS = re.compile(r"^[A-Z]{1,4}$")


def person_to_add(person_id: int) -> Person | None:
    """The person chosen to be added to a case, unless there is no such person or they have
    retired (they are found by name: app.services.search.find_people)."""
    person = db.session.get(Person, person_id)
    return person if person is not None and person.retired_at is None else None


def party_ids(case_id: int) -> set[int]:
    return set(db.session.scalars(select(CaseParty.person_id).where(CaseParty.case_id == case_id)))


def party_choices(case_id: int) -> list[tuple[str, str]]:
    case = get_case(case_id)
    return [(str(party.person_id), _person_label(party.person)) for party in case.parties]


def add_child(now: datetime, actor_id: int | None, case_id: int, initials: str,
              date_of_birth: date | None, expected_delivery: date | None) -> Child:  # fmt: skip
    case = get_case(case_id)
    initials = re.sub(r"[\s.]", "", initials or "").upper()
    if not INITIALS.match(initials):
        raise ServiceError("Enter the child's initials: 1 to 4 letters, no names.", "initials")
    if (date_of_birth is None) == (expected_delivery is None):
        raise ServiceError(
            "Enter either the date of birth or, before birth, the expected date of delivery.",
            "date_of_birth",
        )
    if date_of_birth is not None and date_of_birth > london_date(now):
        raise ServiceError(
            "The date of birth cannot be in the future. Before birth, enter the expected date "
            "of delivery instead.",
            "date_of_birth",
        )
    child = Child(case=case, initials=initials, date_of_birth=date_of_birth,
                  expected_delivery=expected_delivery)  # fmt: skip
    db.session.add(child)
    db.session.flush()
    audit.record(now, actor_id, "case.child_add", case, f"child_id={child.id}")
    db.session.commit()
    return child


def remove_child(now: datetime, actor_id: int | None, case_id: int, child_id: int) -> None:
    case = get_case(case_id)
    child = db.session.get(Child, child_id)
    if child is None or child.case_id != case.id:
        raise NotFound(f"Case {case.reference} has no child {child_id}.")
    db.session.delete(child)
    audit.record(now, actor_id, "case.child_remove", case, f"child_id={child_id}")
    db.session.commit()


def add_party(now: datetime, actor_id: int | None, case_id: int, person_id: int | None,
              relationship: str) -> CaseParty:  # fmt: skip
    case = get_case(case_id)
    person = db.session.get(Person, person_id) if person_id else None
    if person is None or person.retired_at is not None:
        raise ServiceError("Choose a person from the list.", "person")
    relationship = (relationship or "").strip()
    if not relationship:
        raise ServiceError("Enter the person's relationship to the case, for example mother "
                           "or social worker.", "relationship")  # fmt: skip
    if any(party.person_id == person.id for party in case.parties):
        raise ServiceError(f"{person.name} is already a party to this case.", "person")
    party = CaseParty(case=case, person=person, relationship_to_case=relationship[:40])
    db.session.add(party)
    audit.record(now, actor_id, "case.party_add", case, f"person_id={person.id}")
    db.session.commit()
    return party


def remove_party(now: datetime, actor_id: int | None, case_id: int, person_id: int) -> None:
    case = get_case(case_id)
    party = next((p for p in case.parties if p.person_id == person_id), None)
    if party is None:
        raise NotFound(f"Person {person_id} is not a party to case {case.reference}.")
    if any(person_id in (pair.person_a_id, pair.person_b_id) for pair in case.kept_apart):
        # Dropping the party silently would drop the separate waiting area someone relies on.
        raise ServiceError(
            f"{party.person.name} is in a kept-apart pair. Remove the pair first.", "person"
        )
    case.parties.remove(party)
    audit.record(now, actor_id, "case.party_remove", case, f"person_id={person_id}")
    db.session.commit()


def add_kept_apart(now: datetime, actor_id: int | None, case_id: int, person_a_id: int | None,
                   person_b_id: int | None) -> KeptApart:  # fmt: skip
    case = get_case(case_id)
    parties = {party.person_id for party in case.parties}
    if person_a_id not in parties:
        raise ServiceError("Choose a party to the case.", "person_a")
    if person_b_id not in parties:
        raise ServiceError("Choose a party to the case.", "person_b")
    if person_a_id == person_b_id:
        raise ServiceError("Choose two different people.", "person_b")
    low, high = sorted((person_a_id, person_b_id))
    if any((pair.person_a_id, pair.person_b_id) == (low, high) for pair in case.kept_apart):
        raise ServiceError("These two are already kept apart.", "person_b")
    pair = KeptApart(case=case, person_a_id=low, person_b_id=high)
    db.session.add(pair)
    db.session.flush()
    audit.record(now, actor_id, "case.kept_apart_add", case,
                 f"pair_id={pair.id}; person_ids={low},{high}")  # fmt: skip
    db.session.commit()
    return pair


def remove_kept_apart(now: datetime, actor_id: int | None, case_id: int, pair_id: int) -> None:
    case = get_case(case_id)
    pair = next((p for p in case.kept_apart if p.id == pair_id), None)
    if pair is None:
        raise NotFound(f"Case {case.reference} has no kept-apart pair {pair_id}.")
    case.kept_apart.remove(pair)
    audit.record(now, actor_id, "case.kept_apart_remove", case, f"pair_id={pair_id}")
    db.session.commit()


def _person_label(person: Person) -> str:
    detail = ", ".join(
        part for part in (person.role.replace("_", " "), person.organisation) if part
    )
    return f"{person.name} ({detail})" if detail else person.name
