/**
 * @file test_softmax.c
 * @brief Unit tests of caps_softmax_f32 and caps_softmax_s8 (with caps_softmax_s8_prepare).
 *
 * Compared with exp(x - max) / sum evaluated in double over the middle dim of [outer, axis_size, inner]
 * for several shapes (last axis, middle axis, first axis, axis of size 1), on moderate and very large
 * inputs (stability: no inf / NaN), in place, plus validation.
 *
 * caps_softmax_s8 follows TFLite's reference int8 softmax bit for bit (checked separately against a
 * gemmlowp-based transcription of TFLite's reference_ops::Softmax and PreprocessSoftmaxScaling on 10.7 million
 * outputs); here it is compared with TFLite's real-valued definition 256 * softmax(scale * x) - 128 (clamped to
 * [-128, 127]) within 1 LSB: the exp argument is rounded to Q5.26 and the exp, the sum (Q12.19) and the
 * reciprocal are fixed point, together well below 1/2 LSB, plus the final rounding (measured maximum printed).
 * Also: hand-computed outputs, strided axes equal to contiguous lines, in place, validation and the prepare.
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

/* ---------------------------------------------------------------- int8 */

static double worst_s8 = 0.0;

static caps_softmax_s8_params_t s8_params(int32_t outer, int32_t axis, int32_t inner, double scale) {
    caps_softmax_s8_params_t p;
    memset(&p, 0, sizeof p);
    CHECK(caps_softmax_s8_prepare(scale, &p) == CAPS_OK);
    p.outer = outer;
    p.axis_size = axis;
    p.inner = inner;
    return p;
}

static void run_s8_case(int32_t outer, int32_t axis, int32_t inner, double scale, int32_t lo, int32_t hi) {
    const caps_softmax_s8_params_t p = s8_params(outer, axis, inner, scale);
    const int32_t n = outer * axis * inner;
    int8_t *x = (int8_t *)malloc((size_t)n), *y = (int8_t *)malloc((size_t)n + 16), *z = (int8_t *)malloc((size_t)n);
    int8_t *line = (int8_t *)malloc((size_t)axis), *line_y = (int8_t *)malloc((size_t)axis);
    if (x == NULL || y == NULL || z == NULL || line == NULL || line_y == NULL)
        exit(2);
    for (int32_t i = 0; i < n; ++i)
        x[i] = (int8_t)tu_rand_int(lo, hi);
    memset(y + n, 0x5A, 16);
    CHECK(caps_softmax_s8(&p, x, y) == CAPS_OK);
    int bad = 0, strided_ok = 1;
    double worst = 0.0;
    caps_softmax_s8_params_t one = p;
    one.outer = 1;
    one.inner = 1;
    for (int32_t o = 0; o < outer; ++o) {
        for (int32_t in = 0; in < inner; ++in) {
            double mx = -INFINITY, sum = 0.0;
            for (int32_t a = 0; a < axis; ++a) {
                line[a] = x[(o * axis + a) * inner + in];
                mx = fmax(mx, (double)line[a]);
            }
            for (int32_t a = 0; a < axis; ++a)
                sum += exp(scale * ((double)line[a] - mx));
            CHECK(caps_softmax_s8(&one, line, line_y) == CAPS_OK);
            for (int32_t a = 0; a < axis; ++a) {
                double want = 256.0 * exp(scale * ((double)line[a] - mx)) / sum - 128.0;
                want = want > 127.0 ? 127.0 : want < -128.0 ? -128.0 : want;
                const int8_t got = y[(o * axis + a) * inner + in];
                const double err = fabs((double)got - want);
                worst = err > worst ? err : worst;
                bad += err > 1.0;
                strided_ok &= got == line_y[a];
            }
        }
    }
    if (worst > worst_s8)
        worst_s8 = worst;
    if (bad != 0)
        fprintf(stderr, "  softmax_s8 %dx%dx%d scale %g: max error %.3f LSB\n", (int)outer, (int)axis, (int)inner,
                scale, worst);
    CHECK(bad == 0);
    CHECK(strided_ok); /* a strided line gives the bits of the same line stored contiguously */
    CHECK(y[n] == 0x5A);
    memcpy(z, x, (size_t)n);
    CHECK(caps_softmax_s8(&p, z, z) == CAPS_OK); /* in place */
    CHECK(memcmp(z, y, (size_t)n) == 0);
    free(x);
    free(y);
    free(z);
    free(line);
    free(line_y);
}

static void test_s8(void) {
    static const double scales[] = {1.0 / 256, 0.01, 1.0 / 16, 0.1, 0.25, 1.0, 5.0, 1e-6};
    for (size_t s = 0; s < sizeof scales / sizeof scales[0]; ++s) {
        run_s8_case(1, 10, 1, scales[s], -128, 127);
        run_s8_case(50, 10, 1, scales[s], -20, 30);
        run_s8_case(2, 5, 6, scales[s], -128, 127);  /* middle axis */
        run_s8_case(1, 3, 20, scales[s], -128, 127); /* first axis */
        run_s8_case(3, 1, 4, scales[s], -128, 127);  /* axis of size 1 */
        run_s8_case(2, 300, 1, scales[s], -128, 127);
    }
    run_s8_case(4, 1000, 1, 0.01, -128, 127); /* long axis, sum above 2^8 */
    printf("  softmax_s8: max deviation from 256 softmax - 128: %.3f LSB\n", worst_s8);

    /* hand-computed: equal inputs give 256 / n - 128, a single element 127 (saturated), all -128 / 127 */
    caps_softmax_s8_params_t p = s8_params(1, 4, 1, 0.1);
    int8_t x[256], y[256];
    for (int i = 0; i < 4; ++i)
        x[i] = 17;
    CHECK(caps_softmax_s8(&p, x, y) == CAPS_OK);
    CHECK(y[0] == -64 && y[1] == -64 && y[2] == -64 && y[3] == -64);
    p.axis_size = 1;
    CHECK(caps_softmax_s8(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 127);
    p.axis_size = 256;
    for (int i = 0; i < 256; ++i)
        x[i] = -128;
    CHECK(caps_softmax_s8(&p, x, y) == CAPS_OK);
    int all = 1;
    for (int i = 0; i < 256; ++i)
        all &= y[i] == -127;
    CHECK(all);
    p.axis_size = 2;
    x[0] = 127;
    x[1] = -128;
    CHECK(caps_softmax_s8(&p, x, y) == CAPS_OK); /* 25.5 apart: one-hot */
    CHECK(y[0] == 127 && y[1] == -128);

    /* validation: nothing written */
    const caps_softmax_s8_params_t good = s8_params(2, 3, 2, 0.1);
    memset(y, 0x5A, 12);
    caps_softmax_s8_params_t q;
    CHECK(caps_softmax_s8(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_softmax_s8(&good, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_softmax_s8(&good, x, NULL) == CAPS_ERR_ARG);
    q = good;
    q.axis_size = 0;
    CHECK(caps_softmax_s8(&q, x, y) == CAPS_ERR_ARG);
    q = good;
    q.outer = 0x10000;
    q.inner = 0x10000;
    CHECK(caps_softmax_s8(&q, x, y) == CAPS_ERR_ARG);
    q = good;
    q.input_multiplier = -1;
    CHECK(caps_softmax_s8(&q, x, y) == CAPS_ERR_ARG);
    q = good;
    q.input_left_shift = 32;
    CHECK(caps_softmax_s8(&q, x, y) == CAPS_ERR_ARG);
    q = good;
    q.diff_min = 1;
    CHECK(caps_softmax_s8(&q, x, y) == CAPS_ERR_ARG);
    int untouched = 1;
    for (int i = 0; i < 12; ++i)
        untouched &= y[i] == 0x5A;
    CHECK(untouched);

    /* prepare: TFLite's values for scale 1/256 (2^-8 2^26 = 2^18: multiplier 2^30, left shift 19,
     * diff_min = -floor(31 2^26 / 2^19) = -3968); bad scales rejected without writing */
    caps_softmax_s8_params_t r;
    memset(&r, 0, sizeof r);
    CHECK(caps_softmax_s8_prepare(1.0 / 256, &r) == CAPS_OK);
    CHECK(r.input_multiplier == (int32_t)1 << 30 && r.input_left_shift == 19 && r.diff_min == -3968);
    CHECK(caps_softmax_s8_prepare(1e-12, &r) == CAPS_OK); /* below TFLite's range: shift 0, small multiplier */
    CHECK(r.input_left_shift == 0 && r.input_multiplier >= 0 && r.input_multiplier < (int32_t)1 << 30);
    CHECK(caps_softmax_s8_prepare(1e9, &r) == CAPS_OK); /* capped at 2^31 - 1: only the maximum survives */
    CHECK(r.input_left_shift == 31 && r.diff_min == 0);
    memset(&r, 0x11, sizeof r);
    const caps_softmax_s8_params_t r0 = r;
    CHECK(caps_softmax_s8_prepare(0.0, &r) == CAPS_ERR_ARG);
    CHECK(caps_softmax_s8_prepare(-0.1, &r) == CAPS_ERR_ARG);
    CHECK(caps_softmax_s8_prepare((double)NAN, &r) == CAPS_ERR_ARG);
    CHECK(caps_softmax_s8_prepare((double)INFINITY, &r) == CAPS_ERR_ARG);
    CHECK(caps_softmax_s8_prepare(0.1, NULL) == CAPS_ERR_ARG);
    CHECK(memcmp(&r, &r0, sizeof r) == 0);
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
    test_s8();
    return tu_finish("test_softmax");
}
