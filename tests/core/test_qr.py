"""QR drawings: the largest that fits, square modules at every size, and None when nothing readable fits."""

from __future__ import annotations

from facilitator.core import qr

URL = "http://192.168.1.23:8765/j/Qx3vT9pLm2Rk8sWb4NzYhA"


def test_the_largest_scale_that_fits_comes_first_and_its_modules_stay_square():
    small = qr.draw(URL, 200, 200)
    big = qr.draw(URL, 200, 200, max_scale=3)
    assert small.scale == 1 and big.scale == 3 and big.quiet_zone == qr.QUIET_ZONE
    assert big.width == 3 * small.width, "three cells across per module"
    assert big.height == (big.width + 1) // 2, "two modules to a row of cells: as tall as it is wide"


def test_a_tighter_space_trades_size_before_the_quiet_zone_and_says_none_below_a_readable_code():
    fitted = qr.draw(URL, 70, 34, max_scale=3)
    assert fitted.scale == 2 and fitted.quiet_zone == qr.MIN_QUIET_ZONE and fitted.height <= 34
    assert qr.draw(URL, 30, 30, max_scale=3) is None
