"""The element's name on a coded image region sits outside the region, so it never hides the
recognised line the region was drawn around."""
from __future__ import annotations

from workbench.core import Rect
from workbench.ui.image_regions import RegionItem


def test_the_name_is_drawn_above_the_region_or_below_it_at_the_top(qtbot, viewer_project):
    image = next(s for s in viewer_project.sources.list() if s.kind == "image")
    element = viewer_project.elements.list()[0]
    for rect in (Rect(10, 40, 60, 20), Rect(0, 0, 60, 20)):
        coding = viewer_project.codings.code_region(image.id, rect, element.id)
        item = RegionItem(coding.id)
        item.show_coding(coding, "#336699", emphasised=False)
        label = item._label_box.mapRectToParent(item._label_box.rect())
        region = item.rect()
        assert label.bottom() <= region.top() or label.top() >= region.bottom(), (label, region)
