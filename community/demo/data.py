"""The demo's rows, from the seed article (`shared/seed/000_626e12be67796f94.txt`): the MENA
clusters of the "Cluster Mentoring Reloaded" programme, EU mentor clusters from France, Italy
and Spain, members with names of the region, and a few discussions."""

from __future__ import annotations

# The published password of the demo accounts, not a secret (bandit B105 false positive).
DEMO_PASSWORD = "mediterranean-demo"  # nosec B105
DEMO_EMAIL_DOMAIN = "demo.i-community.example"

# username, display name, country, role, headline, languages, expertise
USERS = [
    ("admin", "Laura Puig", "ES", "admin", "Platform administrator, ACCIÓ programme team",
     ["ca", "es", "en", "fr"], ["cluster management", "internationalisation"]),
    ("moderator", "Youssef El Amrani", "MA", "moderator", "Community moderator",
     ["ar", "fr", "en"], ["community management"]),
    ("salma_benjelloun", "Salma Benjelloun", "MA", "member",
     "Cluster manager, Maroc Numeric Cluster", ["ar", "fr", "en"],
     ["digital transformation", "startups", "cluster management"]),
    ("omar_tazi", "Omar Tazi", "MA", "member", "Project officer, Maroc Numeric Cluster",
     ["ar", "fr"], ["software", "e-government"]),
    ("khadija_alaoui", "Khadija Alaoui", "MA", "member", "Director, C2TM (technical textiles)",
     ["ar", "fr", "en"], ["technical textiles", "export"]),
    ("hamza_berrada", "Hamza Berrada", "MA", "member", "Manager, CE3M",
     ["ar", "fr", "en"], ["mechatronics", "electronics", "training"]),
    ("nadia_chraibi", "Nadia Chraibi", "MA", "member", "Coordinator, Pôle Agrinova",
     ["ar", "fr"], ["agri-food", "food processing", "innovation"]),
    ("ahmed_mansour", "Ahmed Mansour", "EG", "member", "Coordinator, ERECI",
     ["ar", "en"], ["solar energy", "wind energy", "policy"]),
    ("mona_elsayed", "Mona El-Sayed", "EG", "member", "Business development, ERECI",
     ["ar", "en", "fr"], ["energy efficiency", "financing"]),
    ("rami_khalil", "Rami Khalil", "PS", "member", "Manager, Cluster House of Furniture",
     ["ar", "en"], ["furniture", "woodworking", "design"]),
    ("lina_abuaisheh", "Lina Abu Aisheh", "PS", "member",
     "Manager, Hebron Leather and Shoe Cluster", ["ar", "en"],
     ["leather", "footwear", "quality"]),
    ("sami_trabelsi", "Sami Trabelsi", "TN", "member", "Director, Cluster Mécatronique (Tunisia)",
     ["ar", "fr", "en"], ["mechatronics", "automotive", "training"]),
    ("amel_jaziri", "Amel Jaziri", "TN", "member",
     "Facilitator, Cluster de l'huile d'olive du Nord-Ouest", ["ar", "fr"],
     ["olive oil", "agri-food", "export"]),
    ("walid_hammami", "Walid Hammami", "TN", "member", "Coordinator, Cluster Marbre",
     ["ar", "fr"], ["marble", "stone", "design"]),
    ("dina_haddad", "Dina Haddad", "JO", "member", "Programmes lead, int@j",
     ["ar", "en"], ["ICT", "startups", "digital skills"]),
    ("tariq_nasser", "Tariq Nasser", "JO", "member", "Member company founder (software)",
     ["ar", "en"], ["software", "fintech"]),
    ("rima_saade", "Rima Saadé", "LB", "member", "Consultant in cluster development",
     ["ar", "fr", "en"], ["cluster management", "strategy"]),
    ("elie_khoury", "Elie Khoury", "LB", "member", "Food industry entrepreneur",
     ["ar", "fr", "en"], ["agri-food", "packaging"]),
    ("claire_martin", "Claire Martin", "FR", "member", "Cluster manager, Techtera (mentor)",
     ["fr", "en"], ["technical textiles", "cluster management", "innovation"]),
    ("julien_moreau", "Julien Moreau", "FR", "member", "International affairs, Capenergies",
     ["fr", "en"], ["renewable energy", "smart grids"]),
    ("sophie_lefebvre", "Sophie Lefebvre", "FR", "member", "Mentor, France Clusters network",
     ["fr", "en", "es"], ["cluster management", "mentoring"]),
    ("marco_rossi", "Marco Rossi", "IT", "member", "Manager, Lombardy mechatronics cluster",
     ["it", "en", "fr"], ["mechatronics", "industry 4.0", "training"]),
    ("giulia_bianchi", "Giulia Bianchi", "IT", "member", "Export manager, footwear district",
     ["it", "en"], ["footwear", "leather", "export"]),
    ("luca_ferrari", "Luca Ferrari", "IT", "member", "Stone district coordinator",
     ["it", "en", "fr"], ["marble", "stone processing", "machinery"]),
    ("jordi_serra", "Jordi Serra", "ES", "member", "Cluster manager, Catalan digital cluster",
     ["ca", "es", "en"], ["ICT", "digital transformation", "mentoring"]),
    ("marta_garcia", "Marta García", "ES", "member", "Director, Andalusian olive oil cluster",
     ["es", "en", "fr"], ["olive oil", "agri-food", "quality labels"]),
    ("pau_vidal", "Pau Vidal", "ES", "member", "Manager, Catalan habitat and furniture cluster",
     ["ca", "es", "en"], ["furniture", "design", "export"]),
    # The other people of Cluster Mentoring Reloaded (`mentoring_data.py`).
    ("ester_vila", "Ester Vila", "ES", "member", "Programme coordinator, ACCIÓ",
     ["ca", "es", "en", "fr"], ["mentoring", "internationalisation"]),
    ("anne_dubois", "Anne Dubois", "FR", "member", "Former manager of an agri-food cluster",
     ["fr", "en"], ["agri-food", "cluster management", "mentoring"]),
    ("nuria_soler", "Núria Soler", "ES", "member", "Innovation manager, Catalan digital cluster",
     ["ca", "es", "en", "fr"], ["electronics", "industry 4.0", "mentoring"]),
    ("khaled_odeh", "Khaled Odeh", "PS", "member",
     "Cluster expert, former Private Sector Development Cluster Project", ["ar", "en", "fr"],
     ["cluster management", "strategy", "mentoring"]),
    ("rania_hamdan", "Rania Hamdan", "PS", "member", "Trainer in cluster governance",
     ["ar", "en"], ["cluster management", "governance", "training"]),
    ("meryem_fassi", "Meryem Fassi", "MA", "member", "Project manager, C2TM",
     ["ar", "fr", "en"], ["technical textiles", "project management"]),
]

# The language every text below is written in: pages mark it with `lang`.
DEMO_LANGUAGE = "en"
MENTORING = "Cluster Mentoring Reloaded"
TNS = "The Next Society"


def need(text: str, *tags: str) -> dict:
    """An offer or a seek, in the shape `clean_cluster_data` takes."""
    return {"text": text, "tags": list(tags)}


# slug, fields, managers, members
CLUSTERS = [
    ("maroc-numeric-cluster", {
        "name": "Maroc Numeric Cluster", "acronym": "MNC", "country": "MA",
        "sectors": ["ict"], "labels": ["ECEI Bronze", MENTORING, TNS],
        "website": "https://www.marocnumericcluster.org",
        "description": "Moroccan cluster of digital companies, born from the **Maroc "
                       "Innovation** initiative (2009). Member of the *Cluster Mentoring "
                       "Reloaded* programme led by ACCIÓ.",
        "offers": [need("Software development and IT outsourcing teams in Casablanca and Rabat",
                        "software", "outsourcing", "ICT")],
        "seeks": [need("Mentoring in cluster management and internationalisation",
                       "cluster management", "internationalisation"),
                  need("EU partners for digital transformation projects of SMEs",
                       "digital transformation", "SMEs")],
    }, ["salma_benjelloun"], ["omar_tazi", "rima_saade"]),
    ("c2tm", {
        "name": "Cluster Textile Technique Marocain", "acronym": "C2TM", "country": "MA",
        "sectors": ["textiles"], "labels": ["ECEI Bronze", MENTORING, TNS],
        "description": "Moroccan technical textiles cluster: industrial, medical and "
                       "protective textiles.",
        "offers": [need("Nearshore production of technical textiles for EU brands",
                        "technical textiles", "production")],
        "seeks": [need("R&D partner for smart and functional textiles",
                       "technical textiles", "R&D", "innovation"),
                  need("Training in textile testing and certification", "textile", "training")],
    }, ["khadija_alaoui"], ["meryem_fassi"]),
    ("ce3m", {
        "name": "Cluster Electronique, Mécatronique & Mécanique", "acronym": "CE3M",
        "country": "MA", "sectors": ["electronics", "mechatronics", "mechanics"],
        "labels": ["ECEI Bronze", MENTORING, TNS],
        "description": "Moroccan cluster of electronics, mechatronics and mechanics companies "
                       "serving the automotive and aerospace industries.",
        "offers": [need("Electronic card assembly and mechanical subcontracting",
                        "electronics", "subcontracting")],
        "seeks": [need("Mechatronics training for technicians and engineers",
                       "mechatronics", "training"),
                  need("Industry 4.0 technology transfer partner", "industry 4.0", "mechatronics")],
    }, ["hamza_berrada"], []),
    ("agrinova", {
        "name": "Pôle de Compétitivité Agrinova", "acronym": "Agrinova", "country": "MA",
        "sectors": ["agrifood"], "labels": [MENTORING, TNS],
        "description": "Moroccan competitiveness cluster for agri-food innovation.",
        "offers": [need("Fresh and processed Moroccan agri-food products", "agri-food", "export")],
        "seeks": [need("Food processing innovation and packaging partners",
                       "food processing", "packaging", "agri-food")],
    }, ["nadia_chraibi"], ["elie_khoury"]),
    ("ereci", {
        "name": "Egyptian Renewable Energy Cluster Initiative", "acronym": "ERECI",
        "country": "EG", "sectors": ["renewable-energy", "energy"], "labels": [MENTORING, TNS],
        "description": "Seven Egyptian clusters joined *Cluster Mentoring Reloaded* together "
                       "as ERECI, within Egypt's 2030 sustainable development strategy.",
        "offers": [need("Solar project development and installation capacity in Egypt",
                        "solar energy", "renewable energy")],
        "seeks": [need("Smart grid and energy storage technology partners",
                       "smart grids", "energy storage", "renewable energy"),
                  need("Financing and business models for renewable energy SMEs",
                       "financing", "renewable energy")],
    }, ["ahmed_mansour"], ["mona_elsayed"]),
    ("cluster-house-of-furniture", {
        "name": "Cluster House of Furniture", "country": "PS",
        "sectors": ["furniture"], "labels": [MENTORING, TNS],
        "description": "Palestinian furniture makers, one of the pilot clusters of the "
                       "Private Sector Development Cluster Project (PSDCP).",
        "offers": [need("Hand-crafted wooden furniture for export", "furniture", "export")],
        "seeks": [need("Furniture design training and access to EU distribution",
                       "furniture", "design", "distribution")],
    }, ["rami_khalil"], []),
    ("hebron-leather-and-shoe-cluster", {
        "name": "Hebron Leather and Shoe Cluster", "country": "PS",
        "sectors": ["leather-footwear"], "labels": [MENTORING, TNS],
        "description": "Leather and shoe makers of Hebron, a pilot cluster of the PSDCP.",
        "offers": [need("Leather shoes and tanned leather made in Hebron", "leather", "footwear")],
        "seeks": [need("Footwear quality management and export partners in Italy",
                       "footwear", "quality", "export")],
    }, ["lina_abuaisheh"], []),
    ("cluster-mecatronique", {
        "name": "Cluster Mécatronique", "country": "TN",
        "sectors": ["mechatronics", "automotive"], "labels": [MENTORING, TNS],
        "description": "Tunisian mechatronics cluster of automotive and industrial suppliers.",
        "offers": [need("Automotive mechatronic components subcontracting",
                        "mechatronics", "automotive", "subcontracting")],
        "seeks": [need("Mechatronics training and Industry 4.0 know-how",
                       "mechatronics", "training", "industry 4.0")],
    }, ["sami_trabelsi"], []),
    ("cluster-huile-olive-nord-ouest", {
        "name": "Cluster de l'huile d'olive du Nord-Ouest", "country": "TN",
        "sectors": ["olive-oil", "agrifood"], "labels": [MENTORING, TNS],
        "description": "Olive oil producers of north-western Tunisia.",
        "offers": [need("Extra virgin olive oil from north-western Tunisia",
                        "olive oil", "agri-food")],
        "seeks": [need("Distribution partner in the EU for olive oil",
                       "olive oil", "distribution", "export"),
                  need("Quality labels and traceability for olive oil", "olive oil", "quality")],
    }, ["amel_jaziri"], []),
    ("cluster-marbre", {
        "name": "Cluster Marbre", "country": "TN", "sectors": ["marble-stone"],
        "labels": [MENTORING, TNS],
        "description": "Tunisian marble and stone quarrying and processing companies.",
        "offers": [need("Marble blocks and slabs from Tunisian quarries", "marble", "stone")],
        "seeks": [need("Stone processing machinery and design skills",
                       "stone processing", "machinery", "design")],
    }, ["walid_hammami"], []),
    ("intaj", {
        "name": "ICT Association of Jordan", "acronym": "int@j", "country": "JO",
        "sectors": ["ict"], "labels": [MENTORING, TNS],
        "website": "https://intaj.net",
        "description": "The association of Jordan's information and communications technology "
                       "sector, selected for The Next Society mentoring programme.",
        "offers": [need("Arabic content and fintech software companies", "software", "fintech")],
        "seeks": [need("EU partners for digital skills programmes and startups",
                       "digital skills", "startups", "ICT")],
    }, ["dina_haddad"], ["tariq_nasser"]),
    # The mentors' side: EU clusters of France, Italy and Spain.
    ("techtera", {
        "name": "Techtera", "country": "FR", "sectors": ["textiles"],
        "labels": ["ECEI Gold"],
        "description": "French cluster of textile innovation (Auvergne-Rhône-Alpes).",
        "offers": [need("R&D projects on smart and functional textiles",
                        "technical textiles", "R&D", "innovation"),
                   need("Textile testing and certification training", "textile", "training")],
        "seeks": [need("Nearshore technical textiles production", "technical textiles",
                       "production")],
    }, ["claire_martin"], ["sophie_lefebvre"]),
    ("capenergies", {
        "name": "Capenergies", "country": "FR", "sectors": ["renewable-energy", "energy"],
        "labels": ["ECEI Gold"],
        "description": "French energy transition cluster (Provence-Alpes-Côte d'Azur).",
        "offers": [need("Smart grid and energy storage expertise",
                        "smart grids", "energy storage")],
        "seeks": [need("Solar project partners south of the Mediterranean",
                       "solar energy", "renewable energy")],
    }, ["julien_moreau"], []),
    ("lombardy-mechatronics", {
        "name": "Lombardy Mechatronics Cluster", "country": "IT",
        "sectors": ["mechatronics", "advanced-manufacturing"], "labels": ["ECEI Silver"],
        "description": "Italian cluster of mechatronics and advanced manufacturing.",
        "offers": [need("Mechatronics training and Industry 4.0 technology transfer",
                        "mechatronics", "training", "industry 4.0")],
        "seeks": [need("Subcontracting of electronic and mechatronic components",
                       "subcontracting", "electronics", "mechatronics")],
    }, ["marco_rossi"], []),
    ("brenta-footwear-district", {
        "name": "Riviera del Brenta Footwear District", "country": "IT",
        "sectors": ["leather-footwear"], "labels": ["ECEI Bronze"],
        "description": "Italian luxury footwear district near Venice.",
        "offers": [need("Footwear quality management and design know-how",
                        "footwear", "quality", "design")],
        "seeks": [need("Tanned leather suppliers", "leather")],
    }, ["giulia_bianchi"], []),
    ("apuan-stone-district", {
        "name": "Apuan Stone District", "country": "IT", "sectors": ["marble-stone"],
        "labels": [],
        "description": "Italian marble and stone processing district.",
        "offers": [need("Stone processing machinery and design training",
                        "stone processing", "machinery", "design")],
        "seeks": [need("Marble blocks from new quarries", "marble")],
    }, ["luca_ferrari"], []),
    ("catalan-digital-cluster", {
        "name": "Catalan Digital Cluster", "country": "ES", "sectors": ["ict"],
        "labels": ["ECEI Gold"],
        "description": "Spanish digital cluster of Catalonia, working with ACCIÓ.",
        "offers": [need("Mentoring in cluster management and internationalisation",
                        "cluster management", "internationalisation", "mentoring"),
                   need("Digital skills programmes and startup acceleration",
                        "digital skills", "startups")],
        "seeks": [need("Software development teams for nearshore outsourcing",
                       "software", "outsourcing")],
    }, ["jordi_serra"], ["admin", "nuria_soler"]),
    ("andalusian-olive-oil-cluster", {
        "name": "Andalusian Olive Oil Cluster", "country": "ES",
        "sectors": ["olive-oil", "agrifood"], "labels": ["ECEI Silver"],
        "description": "Spanish olive oil producers and mills of Andalusia.",
        "offers": [need("Olive oil distribution network in the EU",
                        "olive oil", "distribution"),
                   need("Quality labels and traceability know-how", "quality", "olive oil")],
        "seeks": [need("Food processing and packaging innovation", "packaging", "agri-food")],
    }, ["marta_garcia"], []),
    ("catalan-habitat-cluster", {
        "name": "Catalan Habitat and Furniture Cluster", "country": "ES",
        "sectors": ["furniture", "design"], "labels": [],
        "description": "Spanish habitat, furniture and interior design cluster.",
        "offers": [need("Furniture design training and EU distribution network",
                        "furniture", "design", "distribution")],
        "seeks": [need("Craft furniture makers for design collections", "furniture")],
    }, ["pau_vidal"], []),
]


# Waiting for a moderator: shows the approval queue in action.
PENDING_CLUSTERS = [
    ("lebanese-agri-food-cluster", {
        "name": "Lebanese Agri-Food Cluster", "country": "LB", "sectors": ["agrifood"],
        "labels": [],
        "description": "Food processors and packaging companies of Lebanon (proposed).",
        "offers": [need("Lebanese processed food and packaging know-how", "agri-food",
                        "packaging")],
        "seeks": [need("Distribution partner in the EU for Lebanese food products",
                       "agri-food", "distribution", "export")],
    }, "elie_khoury"),
]
# Join requests waiting for a manager's answer: (cluster slug, username).
JOIN_REQUESTS = [("c2tm", "rima_saade"), ("ereci", "julien_moreau")]


# Site categories: (name, description).
CATEGORIES = [
    ("Cluster management", "Governance, services to members, funding and strategy of clusters."),
    ("Mentoring programmes", "Cluster Mentoring Reloaded and the other cross-shore programmes."),
]
# Discussions: (forum: a site category name or "cluster:<slug>", author, title, body, replies).
DISCUSSIONS = [
    ("Mentoring programmes", "jordi_serra", "Cluster Mentoring Reloaded: kick-off and calendar",
     "Welcome to the mentees and mentors of **Cluster Mentoring Reloaded**, led by ACCIÓ within "
     "The Next Society.\n\n- kick-off online on 20 January 2021\n- bilateral and group "
     "mentoring sessions until October 2021\n- three joint meetings, health conditions "
     "permitting\n\nIntroduce yourself and your cluster below.",
     [("salma_benjelloun", "Hello from Casablanca! @jordi_serra we are keen to work on "
       "*internationalisation* and on services to our member companies."),
      ("amel_jaziri", "Bonjour à tous, le cluster de l'huile d'olive du Nord-Ouest cherche des "
       "partenaires de distribution en Europe. Ravie de commencer !")]),
    ("Cluster management", "claire_martin", "Business model of a cluster: membership fees or "
     "paid services?",
     "How do your clusters balance **membership fees**, public funding and paid services? "
     "At Techtera about a third of our budget comes from services.",
     [("dina_haddad", "At int@j most of the revenue comes from events and training "
       "programmes; fees stay low to keep start-ups in.")]),
    ("cluster:hebron-leather-and-shoe-cluster", "lina_abuaisheh",
     "تطوير صادرات الأحذية الجلدية إلى أوروبا",
     "نبحث عن **شركاء توزيع** في إيطاليا وإسبانيا لمنتجات مصانع الخليل. من لديه خبرة في "
     "معايير الاتحاد الأوروبي للجلود؟",
     [("giulia_bianchi", "Happy to share the Brenta district's experience with EU labelling "
       "rules — let's talk in the chat.")]),
]
