"""The demo's "Cluster Mentoring Reloaded" (the seed article): led by ACCIÓ within The Next
Society, January to October 2021; 13 mentors from France, Italy, Palestine and Spain, 13 mentees
from cluster teams of Egypt, Jordan, Morocco (six), Palestine and Tunisia; the online kick-off of
20 January 2021, three joint meetings, bilateral and group sessions; and two cluster events."""

from __future__ import annotations

PROGRAMME = {
    "name": "Cluster Mentoring Reloaded",
    "description": (
        "Peer mentoring between cluster managers of both shores of the Mediterranean, led by "
        "**ACCIÓ** (Catalonia Trade & Investment) within *The Next Society* action plan, "
        "initiated by ANIMA Investment Network and co-funded by the European Union. After a "
        "first edition run by France Clusters, it helps MENA cluster managers improve their "
        "management skills, find business opportunities and open new channels of "
        "collaboration."),
    "starts_on": "2021-01-01",
    "ends_on": "2021-10-31",
    "lead_organisation": "ACCIÓ (Catalonia Trade & Investment)",
    "funders": ["European Union", "ANIMA Investment Network (The Next Society)"],
}
# The admin creates it (and coordinates it); these coordinate it with them.
COORDINATORS = ["ester_vila"]

# mentor, capacity, goals (mentor's offer)
MENTORS = [
    ("claire_martin", "Technical textiles clusters and their R&D partnerships."),
    ("julien_moreau", "Energy clusters, EU projects and smart grids."),
    ("sophie_lefebvre", "Cluster management and the services a cluster sells its members."),
    ("anne_dubois", "Agri-food clusters, quality labels and exports."),
    ("marco_rossi", "Mechatronics clusters and training for industry 4.0."),
    ("giulia_bianchi", "Footwear and leather districts: exports and trade fairs."),
    ("luca_ferrari", "Stone districts: machinery, design and exports."),
    ("jordi_serra", "Digital clusters and the digital transformation of SMEs."),
    ("marta_garcia", "Olive oil clusters, quality labels and distribution in Europe."),
    ("pau_vidal", "Furniture and habitat clusters: design and exports."),
    ("nuria_soler", "Electronics and industry 4.0 projects with SMEs."),
    ("khaled_odeh", "Cluster strategy in the region, from the Palestinian PSDCP experience."),
    ("rania_hamdan", "Governance of a cluster and the training of its team."),
]

# mentee, goals
MENTEES = [
    ("salma_benjelloun", "A business model for the cluster and services members pay for."),
    ("omar_tazi", "A regional strategy and partnerships with other MENA clusters."),
    ("khadija_alaoui", "An R&D partner for smart textiles."),
    ("meryem_fassi", "Run the cluster's projects and report to funders."),
    ("hamza_berrada", "Industry 4.0 technology transfer for members."),
    ("nadia_chraibi", "Export channels for the members' processed food."),
    ("ahmed_mansour", "EU partners for renewable energy projects."),
    ("rami_khalil", "Design and export for the furniture cluster."),
    ("lina_abuaisheh", "Footwear exports and trade fairs in Europe."),
    ("sami_trabelsi", "Training programmes in mechatronics."),
    ("amel_jaziri", "European distribution and a quality label for olive oil."),
    ("walid_hammami", "Machinery and design partners for the marble cluster."),
    ("dina_haddad", "Digital skills programmes and start-up support."),
]

# mentor, mentee: a shared language and, for the mentors of the north, across the sea; the two
# mentors from Palestine mentor across borders within the south, in Arabic.
PAIRS = [
    ("claire_martin", "khadija_alaoui"), ("julien_moreau", "ahmed_mansour"),
    ("sophie_lefebvre", "salma_benjelloun"), ("anne_dubois", "nadia_chraibi"),
    ("marco_rossi", "sami_trabelsi"), ("giulia_bianchi", "lina_abuaisheh"),
    ("luca_ferrari", "walid_hammami"), ("jordi_serra", "dina_haddad"),
    ("marta_garcia", "amel_jaziri"), ("pau_vidal", "rami_khalil"),
    ("nuria_soler", "hamza_berrada"), ("khaled_odeh", "omar_tazi"),
    ("rania_hamdan", "meryem_fassi"),
]

KICK_OFF = "Online kick-off of Cluster Mentoring Reloaded"
ONLINE = "https://meet.example.org/cluster-mentoring-reloaded"

# kind, title, starts_at, ends_at, pair (mentee) or attendees, location, online link
SESSIONS = [
    ("joint_meeting", KICK_OFF, "2021-01-20T09:00:00Z", "2021-01-20T11:30:00Z", None, "",
     ONLINE),
    ("joint_meeting", "First joint meeting: the cluster's value proposition",
     "2021-03-24T09:00:00Z", "2021-03-24T12:00:00Z", None, "", ONLINE),
    ("joint_meeting", "Second joint meeting: internationalisation",
     "2021-06-16T08:00:00Z", "2021-06-16T11:00:00Z", None, "", ONLINE),
    ("joint_meeting", "Closing joint meeting in Barcelona", "2021-10-06T07:30:00Z",
     "2021-10-06T15:00:00Z", None, "ACCIÓ, Passeig de Gràcia 129, Barcelona", ""),
    ("bilateral", "First talk: the cluster's offer to its members", "2021-02-03T10:00:00Z",
     "2021-02-03T11:00:00Z", "salma_benjelloun", "", ONLINE),
    ("bilateral", "R&D partners for smart textiles", "2021-02-10T14:00:00Z",
     "2021-02-10T15:00:00Z", "khadija_alaoui", "", ONLINE),
    ("bilateral", "A quality label for olive oil", "2021-02-17T09:30:00Z",
     "2021-02-17T10:30:00Z", "amel_jaziri", "", ONLINE),
    ("bilateral", "Trade fairs for footwear", "2021-04-07T13:00:00Z", "2021-04-07T14:00:00Z",
     "lina_abuaisheh", "", ONLINE),
    ("group", "Agri-food group session: exports", "2021-05-12T09:00:00Z",
     "2021-05-12T10:30:00Z", ["anne_dubois", "marta_garcia", "nadia_chraibi", "amel_jaziri"],
     "", ONLINE),
]

# cluster, title, days from the loading day, UTC start hour, hours, location, link, description:
# dated from the loading day, so the demo always has upcoming events.
EVENTS = [
    ("maroc-numeric-cluster", "Digital Morocco meetup: cross-shore partnerships", 30, 14, 3,
     "Technopark, Casablanca", "",
     "Members present their offers to the EU clusters of the network, then networking."),
    ("catalan-digital-cluster", "Webinar: mentoring between cluster managers", 45, 15, 1.5,
     "", "https://meet.example.org/webinar",
     "What the mentors and mentees of *Cluster Mentoring Reloaded* learnt."),
]
# Who says they will attend each event (by title).
ATTENDANCE = {
    EVENTS[0][1]: ["omar_tazi", "rima_saade", "jordi_serra"],
    EVENTS[1][1]: ["salma_benjelloun", "dina_haddad"],
}
