"""The brief's map on a screen narrower than the map (a phone): its sites in view.

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
"""

from __future__ import annotations

#: the map drawn at least this share of its width (its names at 11 px x 0.6 = 6.6 px at least)
SHRINK_MIN = 0.6
#: the map drawn down to this share of its width to show its names whole too: its 11 px names at
#: 9.02 px, 9 the least a phone's brief shows them (`tests/test_report_deliverable.py`)
NAMES_MIN = 0.82
#: px of the map's units kept beside the markers' box: a marker's halo, and a glimpse of what is beyond
SITES_PAD = 12

PHONE_MAP_JS = """(function(){var m=document.getElementById('brief-map');if(!m||!m.viewBox)return;var box=m.parentNode;
function span(sel){var x0=Infinity,x1=-Infinity;m.querySelectorAll(sel).forEach(function(e){var b=e.getBBox();
if(b.width||b.height){x0=Math.min(x0,b.x);x1=Math.max(x1,b.x+b.width);}});return [x0,x1];}
function fit(){if(m.hasAttribute('data-phone')){m.style.width='';m.style.minWidth='';m.removeAttribute('data-phone');}
var w=box.clientWidth,nat=m.getBoundingClientRect().width,vb=m.viewBox.baseVal;if(!vb||!vb.width||nat<=w+0.5)return;
var dots='.sites circle,.site-dots,.plots rect',s=span(dots);if(!(s[1]>=s[0]))return;
var a=Math.max(0,s[0]-@PAD@),b=Math.min(vb.width,s[1]+@PAD@),t=span(dots+',.site-labels text,.site-labels line'),
u=nat/vb.width,k=Math.min(u,Math.max(@NAMES@,w/(t[1]-t[0]+2*@PAD@)));k=Math.min(k,Math.max(@MIN@,w/(b-a)));
m.style.minWidth='0';m.style.width=(vb.width*k).toFixed(1)+'px';m.setAttribute('data-phone',(k/u).toFixed(3));
box.scrollLeft=Math.max(0,Math.min(Math.max((t[0]+t[1])/2*k-w/2,b*k-w),a*k));}
fit();window.addEventListener('resize',fit);})();""".replace("@PAD@", str(SITES_PAD)).replace("@MIN@", str(SHRINK_MIN)) \
    .replace("@NAMES@", str(NAMES_MIN))

__all__ = ["PHONE_MAP_JS"]
