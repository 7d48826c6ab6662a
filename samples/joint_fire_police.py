"""Joint police and fire thematic in an embedded TrueType font with fi/fl ligatures: items for
chief fire officers only, the Home Office, the NFCC and an unknown body, "should
immediately", items without deadlines.

Laid out by the line-by-line engine (``samples.layout``).
"""

from __future__ import annotations

from pathlib import Path

from samples.layout import Doc, Theme, cover, register_vera


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    register_vera()
    t = Theme(font="Vera", bold="VeraBd", italic="VeraIt", size=9.8, leading=15,
              para_gap=7.5, h_sizes=(17, 12.5, 10.5), h_color="#8a3b00", ligatures=True,
              header="Working together: police and fire collaboration",
              folio_format="{n}", folio_align="right", footer_left="HMICFRS", margin_x=68)
    title = ("Working together: A joint inspection of collaboration between police forces "
             "and fire and rescue services")
    doc = Doc(t, title)
    cover(doc, title, "Published: 9 July 2025", band="#8a3b00", title_font="VeraBd",
          title_size=23, body_font="Vera", kicker="Joint thematic inspection")

    def rec(n: int, text: str) -> None:
        doc.item(f"Recommendation {n}", text, tag=f"rec{n}")

    doc.heading("About this inspection")
    doc.para(
        "Since 2017, police forces and fire and rescue services in England have been under a "
        "statutory duty to keep opportunities to collaborate under review, and to collaborate "
        "where it would improve their efficiency or effectiveness.{fn:Policing and Crime Act "
        "2017, section 2.} This inspection looked at how well they have done so.")
    doc.para(
        "We visited six areas, chosen to include places where a police, fire and crime "
        "commissioner governs both services and places where they are governed separately. "
        "We interviewed chief officers, frontline staff and representatives of both services, "
        "and we looked at the joint work they had carried out over the previous three years.")

    doc.heading("What we found", level=2)
    doc.para(
        "Collaboration has brought real benefits in some areas. Shared stations have saved "
        "money and brought the two services closer together. In one area, firefighters now "
        "force entry to homes on behalf of the police when there is a concern for a person\u2019s "
        "welfare, which frees police officers for other work.")
    doc.para(
        "But progress has been uneven. In most areas, collaboration consisted of a few "
        "projects rather than a shared strategy, and few services had evaluated whether their "
        "joint work had achieved what they expected. Information sharing was a particular "
        "weakness: fire and rescue services held valuable information about vulnerable people "
        "that was rarely shared with the police.")

    doc.page_break()
    doc.heading("Sharing information")
    doc.para(
        "Firefighters carry out hundreds of thousands of home fire safety visits every year. "
        "During these visits, they often identify people who are vulnerable, such as older "
        "people living alone, or people who may be victims of abuse or exploitation. The "
        "police may already know these people, or need to know about them.")
    doc.para(
        "All the services we visited had data-sharing agreements with their local police "
        "force. But in practice, information flowed mainly from the police to fire services, "
        "and rarely the other way.")
    rec(1,
        "By 31 January 2027, chief fire officers should make sure that their services share "
        "information about people at risk of harm with their local police forces, using the "
        "data-sharing agreements that are already in place.")
    doc.para(
        "Several chief officers told us that the statutory duty to collaborate was unclear. "
        "They did not know whether it required them to consider collaboration on every "
        "decision, or only on major ones such as buildings and control rooms.")
    rec(2,
        "The Home Office should review the statutory duty to collaborate, and publish "
        "guidance on how it applies to shared buildings, joint control rooms and community "
        "safety work.")
    doc.para(
        "The National Fire Chiefs Council has published guidance on home fire safety visits, "
        "but it does not say when information gathered during a visit should be passed to "
        "the police.")
    rec(3,
        "Within six months of the publication of this report, the National Fire Chiefs "
        "Council should update its guidance on home fire safety visits to set out the "
        "circumstances in which information gathered during a visit is passed to the police.")

    doc.page_break()
    doc.heading("Joint working at incidents")
    doc.para(
        "Police and fire and rescue services work side by side at many incidents, from road "
        "traffic collisions to major fires and floods. The joint doctrine for the emergency "
        "services sets out how they should work together, and most staff we spoke to "
        "understood it well.")
    doc.para(
        "However, we found that the two services used different systems to record the "
        "locations of incidents, and that this had caused delays. In two of the areas we "
        "visited, fire crews had been sent to the wrong address because the location "
        "provided by the police control room could not be read by the fire service system.")
    rec(4,
        "Chief constables and chief fire officers should immediately review how their control "
        "rooms exchange the locations of incidents, and put in place a temporary process to "
        "make sure that the correct location is confirmed by telephone.")
    doc.para(
        "National coordination of collaboration is weak. Neither service has a national body "
        "responsible for promoting joint working, and good practice is not shared. Chief "
        "officers told us that they had learned about successful projects in other areas by "
        "chance.")
    rec(5,
        "By 31 December 2026, the National Police Chiefs\u2019 Council and the Emergency "
        "Services Collaboration Working Group should publish a joint framework for evaluating "
        "collaboration projects, and share the results of these evaluations with all police "
        "forces and fire and rescue services.")
    doc.para(
        "Finally, we found that the two services rarely planned their workforces together. "
        "Both face difficulties in recruiting people with particular skills, such as "
        "specialist analysts and drone pilots, and both could benefit from sharing them.")
    rec(6,
        "Fire and rescue services and police forces should plan together for the specialist "
        "skills that both of them need, and share specialist staff where this would be more "
        "efficient.")

    doc.heading("Next steps", level=2)
    doc.para(
        "We will consider the progress made against these recommendations in our future "
        "inspections of police forces and fire and rescue services.")

    return doc.save(outdir / "joint_fire_police.pdf")
