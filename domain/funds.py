"""The one fund vocabulary (资金性质). Every module names a budget by these keys; the code book's own
spelling (`state_capital`) is translated once, where it is loaded (codes.py)."""
from __future__ import annotations

GPB, GOV_FUND, SOE, SOCIAL_INSURANCE = "gpb", "gov_fund", "soe", "social_insurance"

NAMES = {GPB: "一般公共预算", GOV_FUND: "政府性基金预算", SOE: "国有资本经营预算", SOCIAL_INSURANCE: "社会保险基金预算"}
# the 财政拨款 expenditure table of each fund (表5, 表7, 表9)
TABLES = {GPB: "T5", GOV_FUND: "T7", SOE: "T9"}
# how resources/codes/functional_YYYY.json marks a code's fund
CODE_BOOK_SPELLING = {"gov_fund": GOV_FUND, "state_capital": SOE, "social_insurance": SOCIAL_INSURANCE}
