"""Demo data drawn from the five real meetings in the project's seeds.

``load_demo()`` builds the elections and operations they belong to, their police units and
partner agencies with the real officials, ranks and positions the reports name, the full
Polda Sumbar unit tree, the 893 Pilkada 2024 TPS of Kabupaten Pasaman Barat, a few upcoming
meetings and one demo user per role.

Every row is found by a natural key (slug, Kemendagri code, (agency, name, position),
(meeting, agency), (meeting, order)...) and saved only when one of its values differs, so
a second run creates nothing, saves nothing and adds no history records.

Choices made where the sources are silent (each is repeated where it is used):

- Times: only the Kalsel rakor has one (08.30 WITA). The others start at 09.00 local time,
  a usual morning start for a rakor, and rakors last three hours.
- Officials the reports mention only by office ("Dandim 0305/Pasaman", "Ketua KPU
  Kabupaten Pasaman Barat") are recorded with the office as their name, so that
  "represented by" can point at them without inventing a person.
- Decisions and follow-ups restate what each report says was raised; owners and due
  dates are plausible, not reported.
- Upcoming meetings are fictional and dated in 2027 so that they stay "upcoming" and the
  data does not depend on the day it is loaded.
- TPS categories are a synthetic but plausible mix; only the total (893) and the count of
  rawan TPS (81, radarsumbar.com, November 2024) are reported figures.
"""

from .common import DEMO_PASSWORD, DemoDataError
from .loader import DemoSummary, load_demo

__all__ = ["DEMO_PASSWORD", "DemoDataError", "DemoSummary", "load_demo"]
