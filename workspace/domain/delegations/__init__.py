"""Delegations and where they stand: who negotiates (a Member State, a city, a network, an organisation, a
group), their codes and names in each language, and their positions on paragraphs and amendments, from which
the room's level of agreement on each paragraph is read."""
