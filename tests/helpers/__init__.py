"""Test helpers: official-layout workbooks written from a UnitData, a minimal OLE container writer."""
