"""The brief's and the full report's map on a screen narrower than the map (a phone): its sites in view.

On a phone the map keeps its width (`report.brief.BRIEF_CSS`: at least 560 px, its names
readable) and scrolls sideways in its box, which opened at its left edge: zae_example's cluster
of sites, right of the map's middle, was cut at 390 px, half its markers and names off the
screen. The page's script now measures, in the browser that lays the page out, the box of the
sites' markers and a siting run's plots, and the box of their names and leaders (`getBBox`, in
the map's own units); it draws the map just small enough for the names' box to fit the screen,
down to NAMES_MIN of its width (names of 11 px at 9 px), and further only for the markers' box,
down to SHRINK_MIN (6.6 px; a map whose sites span more still scrolls); then it scrolls the map to
centre the names' box, every marker kept in view where they fit (names at its edges may then be
cut: they scroll into view). Where the map fits its box (a desktop, the printed page) nothing changes (the width
`report.brief.FIT_JS` may have given it stays).

The full report's map (`report.css`: at least 800 px on a phone) opened on its median active
site's x, its own rule: at 390 px (a box of 298 px) every bundled report had markers off the screen
(zae_example's nine, right and left of its cluster). It now runs this script too
(`phone_map_js("map-svg", REPORT_LEAST)`), the one rule for both maps, its names kept at 9 px
(`tests/test_report_phone.py`): its map is 960 px wide where the brief's is 560 and its sites span
470 to 890 px of it, 385 to 730 px of screen at that size, more than the box. Where the markers do
not fit, the map is scrolled to the window of the box's width holding the most of them (nearest
the names' box's centre among equals): zae_example's report shows 11 of its 15 markers where it
showed 8, dunkerque_dh's 11 of 12 where 9, redon_h2's 8 of 10 where 7, the others as many.
"""

from __future__ import annotations

#: the map drawn at least this share of its width (its names at 11 px x 0.6 = 6.6 px at least)
SHRINK_MIN = 0.6
#: the map drawn down to this share of its width to show its names whole too: its 11 px names at
#: 9.02 px, 9 the least a phone's brief shows them (`tests/test_report_deliverable.py`)
NAMES_MIN = 0.82
#: the report's map drawn at this share of its width at least: its names 9 px (to show all its sites
#: zae_example's would take 0.347, its names 3.8 px)
REPORT_LEAST = NAMES_MIN
#: px of the map's units kept beside the markers' box: a marker's halo, and a glimpse of what is beyond
SITES_PAD = 12

_PHONE_JS = """(function(){var m=document.getElementById('@ID@');if(!m||!m.viewBox)return;var box=m.parentNode;
function span(sel){var x0=Infinity,x1=-Infinity;m.querySelectorAll(sel).forEach(function(e){var b=e.getBBox();
if(b.width||b.height){x0=Math.min(x0,b.x);x1=Math.max(x1,b.x+b.width);}});return [x0,x1];}
function fit(){if(m.hasAttribute('data-phone')){m.style.width='';m.style.minWidth='';m.removeAttribute('data-phone');}
var w=box.clientWidth,nat=m.getBoundingClientRect().width,vb=m.viewBox.baseVal;if(!vb||!vb.width||nat<=w+0.5)return;
var dots='.sites circle,.site-dots,.plots rect',s=span(dots);if(!(s[1]>=s[0]))return;
var a=Math.max(0,s[0]-@PAD@),b=Math.min(vb.width,s[1]+@PAD@),t=span(dots+',.site-labels text,.site-labels line'),
u=nat/vb.width,k=Math.min(u,Math.max(@NAMES@,w/(t[1]-t[0]+2*@PAD@)));k=Math.min(k,Math.max(@MIN@,w/(b-a)));
m.style.minWidth='0';m.style.width=(vb.width*k).toFixed(1)+'px';m.setAttribute('data-phone',(k/u).toFixed(3));
var c=(t[0]+t[1])/2,L=Math.max(0,Math.min(Math.max(c-w/k/2,b-w/k),a));if((b-a)*k>w+0.5){var W=w/k,iv=[],best=-1;
m.querySelectorAll('.sites circle,.plots rect').forEach(function(e){var q=e.getBBox();iv.push([q.x,q.x+q.width]);});
iv.forEach(function(p){var l=Math.max(0,Math.min(p[0]-1,vb.width-W)),n=0;iv.forEach(function(q){if(q[0]>=l&&q[1]<=l+W)n++;});
if(n>best||(n===best&&Math.abs(l+W/2-c)<Math.abs(L+W/2-c))){best=n;L=l;}});}
box.scrollLeft=L*k;}
fit();window.addEventListener('resize',fit);})();""".replace("@PAD@", str(SITES_PAD)).replace("@NAMES@", str(NAMES_MIN))


def phone_map_js(svg_id: str, least: float = SHRINK_MIN) -> str:
    """The page's script fitting the map <svg id=`svg_id`> to a phone's screen (above), drawn at
    `least` of its width at least to show every site; a page without that map runs it for nothing."""
    return _PHONE_JS.replace("@ID@", svg_id).replace("@MIN@", str(least))


#: the brief's (`report.brief`)
PHONE_MAP_JS = phone_map_js("brief-map")

__all__ = ["PHONE_MAP_JS", "phone_map_js"]
