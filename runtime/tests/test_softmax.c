/**
 * @file test_softmax.c
 * @brief Unit tests of caps_softmax_f32.
 *
 * Compared with exp(x - max) / sum evaluated in double over the middle dim of [outer, axis_size, inner]
 * for several shapes (last axis, middle axis, first axis, axis of size 1), on moderate and very large
 * inputs (stability: no inf / NaN), in place, plus validation.
 */
#include "test_util.h"

static void run_case(int32_t outer, int32_t axis, int32_t inner, float range, float offset) {
    caps_softmax_params_t p;
    memset(&p, 0, sizeof p);
    p.outer = outer;
    p.axis_size = axis;
    p.inner = inner;
    const int32_t n = outer * axis * inner;
    float *x = tu_alloc(n), *y = tu_alloc(n), *z = tu_alloc(n);
    double *want = tu_alloc_d(n);
    tu_fill(x, n, offset - range, offset + range);
    for (int32_t i = 0; i < n; ++i) {
        /* Line of element i: same (outer, inner) coordinates, any axis coordinate. */
        const int32_t o = i / (axis * inner), in = i % inner;
        double mx = -INFINITY, s = 0.0;
        for (int32_t a = 0; a < axis; ++a)
            mx = fmax(mx, (double)x[(o * axis + a) * inner + in]);
        for (int32_t a = 0; a < axis; ++a)
            s += exp((double)x[(o * axis + a) * inner + in] - mx);
        want[i] = exp((double)x[i] - mx) / s;
    }
    char name[64];
    snprintf(name, sizeof name, "softmax %dx%dx%d", (int)outer, (int)axis, (int)inner);
    CHECK(caps_softmax_f32(&p, x, y) == CAPS_OK);
    CHECK_CLOSE(name, y, want, n, 1e-5, 1e-7);
    memcpy(z, x, (size_t)n * sizeof(float));
    CHECK(caps_softmax_f32(&p, z, z) == CAPS_OK); /* in place gives the same bits */
    CHECK_BITS(z, y, n);
    free(x);
    free(y);
    free(z);
    free(want);
}

static void test_validation(void) {
    caps_softmax_params_t good;
    memset(&good, 0, sizeof good);
    good.outer = 2;
    good.axis_size = 3;
    good.inner = 2;
    float x[12] = {0}, y[12];
    CHECK(caps_softmax_f32(&good, x, y) == CAPS_OK);
    for (int i = 0; i < 12; ++i)
        CHECK(fabsf(y[i] - 1.0f / 3.0f) < 1e-7f);
    tu_fill_sentinel(y, 12);
    CHECK(caps_softmax_f32(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_softmax_f32(&good, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_softmax_f32(&good, x, NULL) == CAPS_ERR_ARG);
    caps_softmax_params_t p = good;
    p.outer = 0;
    CHECK(caps_softmax_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.axis_size = -1;
    CHECK(caps_softmax_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.inner = 0;
    CHECK(caps_softmax_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.axis_size = 0x40000000; /* element count overflows int32 */
    CHECK(caps_softmax_f32(&p, x, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 12));
}

int main(void) {
    tu_seed(1618u);
    run_case(1, 10, 1, 3.0f, 0.0f);     /* a single row */
    run_case(4, 7, 1, 5.0f, 0.0f);      /* last axis */
    run_case(2, 5, 6, 5.0f, 0.0f);      /* middle axis */
    run_case(1, 3, 20, 5.0f, 0.0f);     /* first axis */
    run_case(3, 1, 4, 5.0f, 0.0f);      /* axis of size 1: all ones */
    run_case(2, 9, 3, 50.0f, 1000.0f);  /* large values: stable */
    run_case(2, 9, 3, 50.0f, -1000.0f); /* large negative values */
    run_case(1, 1000, 1, 10.0f, 0.0f);  /* long axis */
    test_validation();
    return tu_finish("test_softmax");
}
