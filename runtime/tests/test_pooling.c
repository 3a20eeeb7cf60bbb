/**
 * @file test_pooling.c
 * @brief Unit tests of caps_max_pool2d_f32 and caps_avg_pool2d_f32.
 *
 * Both kernels are compared with a naive reference that enumerates every window position and classifies
 * it as inside the input, inside the explicit pads, or beyond them (ceil_mode windows), on seeded random
 * data; output sizes come from the ONNX formula with ceil_mode on and off. Covered: strides, asymmetric
 * pads, dilation, count_include_pad 0 and 1, global pooling, ONNX's averagepool_2d_ceil values, and
 * parameter validation.
 */
#include "test_util.h"

typedef struct {
    int32_t n, c, in_h, in_w, k_h, k_w, stride_h, stride_w;
    int32_t pad_top, pad_left, pad_bottom, pad_right, dil_h, dil_w, ceil_mode;
} pool_case_t;

/** ONNX output size along one axis (ceil_mode windows must start inside the input or the leading pad). */
static int32_t
out_size(int32_t in, int32_t k, int32_t stride, int32_t pad_begin, int32_t pad_end, int32_t dil, int32_t ceil_mode) {
    const int32_t span = in + pad_begin + pad_end - dil * (k - 1) - 1;
    int32_t out = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceil_mode && (out - 1) * stride >= in + pad_begin)
        --out;
    return out;
}

static caps_pool2d_params_t make_params(const pool_case_t *c, int32_t count_include_pad) {
    caps_pool2d_params_t p;
    memset(&p, 0, sizeof p);
    p.n = c->n;
    p.c = c->c;
    p.in_h = c->in_h;
    p.in_w = c->in_w;
    p.k_h = c->k_h;
    p.k_w = c->k_w;
    p.stride_h = c->stride_h;
    p.stride_w = c->stride_w;
    p.pad_top = c->pad_top;
    p.pad_left = c->pad_left;
    p.pad_bottom = c->pad_bottom;
    p.pad_right = c->pad_right;
    p.dil_h = c->dil_h;
    p.dil_w = c->dil_w;
    p.count_include_pad = count_include_pad;
    p.out_h = out_size(c->in_h, c->k_h, c->stride_h, c->pad_top, c->pad_bottom, c->dil_h, c->ceil_mode);
    p.out_w = out_size(c->in_w, c->k_w, c->stride_w, c->pad_left, c->pad_right, c->dil_w, c->ceil_mode);
    return p;
}

enum { POS_INPUT, POS_PAD, POS_BEYOND };

/** Where a coordinate of the (virtually) padded axis lies. */
static int classify(int32_t pos, int32_t in, int32_t pad_begin, int32_t pad_end) {
    if (pos >= 0 && pos < in)
        return POS_INPUT;
    if (pos >= -pad_begin && pos < in + pad_end)
        return POS_PAD;
    return POS_BEYOND;
}

/** Reference max and average (both count_include_pad flavours) for every output element. */
static void reference(const caps_pool2d_params_t *p, const float *x, double *ymax, double *yavg0, double *yavg1) {
    const int32_t odims[4] = {p->n, p->c, p->out_h, p->out_w};
    const int32_t idims[4] = {p->n, p->c, p->in_h, p->in_w};
    for (int32_t i = 0; i < tu_count(4, odims); ++i) {
        int32_t o[4];
        tu_unravel(i, 4, odims, o);
        double mx = -INFINITY, sum = 0.0;
        int32_t n_in = 0, n_padded = 0;
        for (int32_t kw = 0; kw < p->k_w; ++kw) {
            for (int32_t kh = 0; kh < p->k_h; ++kh) {
                const int32_t h = o[2] * p->stride_h - p->pad_top + kh * p->dil_h;
                const int32_t w = o[3] * p->stride_w - p->pad_left + kw * p->dil_w;
                const int ch = classify(h, p->in_h, p->pad_top, p->pad_bottom);
                const int cw = classify(w, p->in_w, p->pad_left, p->pad_right);
                if (ch == POS_BEYOND || cw == POS_BEYOND)
                    continue;
                ++n_padded;
                if (ch == POS_INPUT && cw == POS_INPUT) {
                    const int32_t xc[4] = {o[0], o[1], h, w};
                    const double v = (double)x[tu_ravel(4, idims, xc)];
                    mx = v > mx ? v : mx;
                    sum += v;
                    ++n_in;
                }
            }
        }
        ymax[i] = mx;
        yavg0[i] = n_in > 0 ? sum / n_in : 0.0;
        yavg1[i] = n_padded > 0 ? sum / n_padded : 0.0;
    }
}

static void run_case(const char *name, const pool_case_t *c) {
    const caps_pool2d_params_t p0 = make_params(c, 0);
    const caps_pool2d_params_t p1 = make_params(c, 1);
    const int32_t nx = c->n * c->c * c->in_h * c->in_w;
    const int32_t ny = p0.n * p0.c * p0.out_h * p0.out_w;
    float *x = tu_alloc(nx);
    float *y = tu_alloc(ny);
    double *rmax = tu_alloc_d(ny), *ravg0 = tu_alloc_d(ny), *ravg1 = tu_alloc_d(ny);
    tu_fill(x, nx, -2.0f, 2.0f);
    reference(&p0, x, rmax, ravg0, ravg1);
    char what[64];
    CHECK(caps_max_pool2d_f32(&p0, x, y) == CAPS_OK);
    snprintf(what, sizeof what, "%s max", name);
    CHECK_CLOSE(what, y, rmax, ny, 0.0, 0.0);
    CHECK(caps_avg_pool2d_f32(&p0, x, y) == CAPS_OK);
    snprintf(what, sizeof what, "%s avg cip=0", name);
    CHECK_CLOSE(what, y, ravg0, ny, 1e-5, 1e-6 * c->k_h * c->k_w);
    CHECK(caps_avg_pool2d_f32(&p1, x, y) == CAPS_OK);
    snprintf(what, sizeof what, "%s avg cip=1", name);
    CHECK_CLOSE(what, y, ravg1, ny, 1e-5, 1e-6 * c->k_h * c->k_w);
    /* NHWC input and output: the transposed NCHW results, bit for bit (test_quantized.c covers the mixed
     * layouts, which share this addressing). */
    float *xl = tu_channels_last(x, c->n, c->c, c->in_h, c->in_w, sizeof(float));
    float *yl = tu_alloc(ny);
    const caps_pool2d_params_t *variants[2] = {&p0, &p1};
    for (int v = 0; v < 3; ++v) {
        caps_pool2d_params_t pl = *variants[v == 2];
        caps_status_t (*kernel)(const caps_pool2d_params_t *, const float *, float *) =
            v == 0 ? caps_max_pool2d_f32 : caps_avg_pool2d_f32;
        CHECK(kernel(&pl, x, y) == CAPS_OK);
        float *want = tu_channels_last(y, c->n, c->c, p0.out_h, p0.out_w, sizeof(float));
        pl.layout = CAPS_LAYOUT_NHWC;
        CHECK(kernel(&pl, xl, yl) == CAPS_OK);
        CHECK_BITS(yl, want, ny);
        free(want);
    }
    free(xl);
    free(yl);
    free(x);
    free(y);
    free(rmax);
    free(ravg0);
    free(ravg1);
}

static void test_fixed_cases(void) {
    /* n, c, in_h, in_w, k_h, k_w, sh, sw, pt, pl, pb, pr, dh, dw, ceil */
    static const pool_case_t cases[] = {
        {1, 1, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 0}, /* 2x2 / 2 */
        {2, 3, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0}, /* 3x3 same padding */
        {1, 2, 7, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1}, /* ceil_mode with pads */
        {1, 2, 6, 6, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1}, /* ceil_mode: last window runs past the input */
        {1, 1, 5, 8, 2, 3, 2, 3, 1, 0, 0, 2, 1, 1, 1}, /* ceil_mode, asymmetric pads past the pads */
        {1, 2, 9, 9, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 0}, /* dilation 2 */
        {1, 1, 8, 7, 2, 2, 3, 2, 1, 1, 0, 1, 3, 2, 1}, /* dilation, stride, ceil */
        {1, 3, 5, 5, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 0}, /* 1x1 subsampling */
        {2, 4, 6, 5, 6, 5, 1, 1, 0, 0, 0, 0, 1, 1, 0}, /* global pooling */
        {1, 2, 5, 6, 3, 4, 2, 1, 2, 1, 0, 3, 1, 1, 0}, /* asymmetric pads, non-square kernel */
        {1, 1, 3, 3, 3, 3, 1, 1, 2, 2, 2, 2, 1, 1, 0}, /* windows mostly in the pads */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        char name[32];
        snprintf(name, sizeof name, "pool case %u", (unsigned)i);
        run_case(name, &cases[i]);
    }
}

static void test_random_cases(void) {
    for (int t = 0; t < 60; ++t) {
        pool_case_t c;
        c.n = tu_rand_int(1, 2);
        c.c = tu_rand_int(1, 3);
        c.k_h = tu_rand_int(1, 4);
        c.k_w = tu_rand_int(1, 4);
        c.stride_h = tu_rand_int(1, 3);
        c.stride_w = tu_rand_int(1, 3);
        c.dil_h = tu_rand_int(1, 2);
        c.dil_w = tu_rand_int(1, 2);
        /* ONNX requires pads smaller than the kernel. */
        c.pad_top = tu_rand_int(0, c.k_h - 1);
        c.pad_bottom = tu_rand_int(0, c.k_h - 1);
        c.pad_left = tu_rand_int(0, c.k_w - 1);
        c.pad_right = tu_rand_int(0, c.k_w - 1);
        c.in_h = tu_rand_int(1, 10);
        c.in_w = tu_rand_int(1, 10);
        c.ceil_mode = tu_rand_int(0, 1);
        if (c.in_h + c.pad_top + c.pad_bottom < c.dil_h * (c.k_h - 1) + 1 ||
            c.in_w + c.pad_left + c.pad_right < c.dil_w * (c.k_w - 1) + 1) {
            --t;
            continue;
        }
        char name[32];
        snprintf(name, sizeof name, "random pool %d", t);
        run_case(name, &c);
    }
}

/** ONNX backend test averagepool_2d_ceil: 4x4 input 1..16, kernel 3, stride 2, ceil_mode. */
static void test_onnx_ceil(void) {
    const pool_case_t c = {1, 1, 4, 4, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1};
    const caps_pool2d_params_t p = make_params(&c, 0);
    float x[16], y[4];
    for (int i = 0; i < 16; ++i)
        x[i] = (float)(i + 1);
    CHECK(p.out_h == 2 && p.out_w == 2);
    CHECK(caps_avg_pool2d_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 6.0f && y[1] == 7.5f && y[2] == 12.0f && y[3] == 13.5f);
    CHECK(caps_max_pool2d_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 11.0f && y[1] == 12.0f && y[2] == 15.0f && y[3] == 16.0f);
}

/** Padding never wins a max, even when every input is negative; NaN propagates. */
static void test_max_details(void) {
    const pool_case_t c = {1, 1, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    const caps_pool2d_params_t p = make_params(&c, 0);
    float x[4] = {-4.0f, -3.0f, -2.0f, -1.0f}, y[4];
    CHECK(caps_max_pool2d_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == -1.0f && y[1] == -1.0f && y[2] == -1.0f && y[3] == -1.0f);
    x[0] = NAN;
    CHECK(caps_max_pool2d_f32(&p, x, y) == CAPS_OK);
    CHECK(isnan(y[0]) && isnan(y[3]));
}

static void expect_arg(caps_status_t (*kernel)(const caps_pool2d_params_t *, const float *, float *),
                       const caps_pool2d_params_t *p,
                       const float *x,
                       float *y) {
    tu_fill_sentinel(y, 64);
    CHECK(kernel(p, x, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 64));
}

static void test_validation(void) {
    const pool_case_t c = {1, 2, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0};
    const caps_pool2d_params_t good = make_params(&c, 1);
    float x[50], y[64];
    tu_fill(x, 50, -1.0f, 1.0f);
    caps_status_t (*kernels[2])(const caps_pool2d_params_t *, const float *, float *) = {caps_max_pool2d_f32,
                                                                                         caps_avg_pool2d_f32};
    for (int k = 0; k < 2; ++k) {
        caps_status_t (*kernel)(const caps_pool2d_params_t *, const float *, float *) = kernels[k];
        CHECK(kernel(&good, x, y) == CAPS_OK);
        expect_arg(kernel, NULL, x, y);
        expect_arg(kernel, &good, NULL, y);
        CHECK(kernel(&good, x, NULL) == CAPS_ERR_ARG);
        caps_pool2d_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        expect_arg(kernel, &p, x, y);                                                                                  \
    } while (0)
        BAD(n, 0);
        BAD(c, -1);
        BAD(in_h, 0);
        BAD(in_w, -3);
        BAD(out_h, 0);
        BAD(out_w, -1);
        BAD(k_h, 0);
        BAD(k_w, -1);
        BAD(stride_h, 0);
        BAD(stride_w, -2);
        BAD(dil_h, 0);
        BAD(dil_w, -1);
        BAD(pad_top, -1);
        BAD(layout, 4);
        BAD(layout, -1);
        BAD(pad_left, -1);
        BAD(pad_bottom, -1);
        BAD(pad_right, -2);
        BAD(n, 0x7fffffff);          /* element count overflows int32 */
        BAD(stride_w, 0x40000000);   /* window reach overflows */
        BAD(dil_h, 0x7fffffff);      /* window reach overflows */
        BAD(pad_bottom, 0x7fffffff); /* in_h + pad_bottom overflows */
#undef BAD
    }
    caps_pool2d_params_t p = good;
    p.count_include_pad = 2;
    expect_arg(caps_avg_pool2d_f32, &p, x, y);
    p.count_include_pad = -1;
    expect_arg(caps_avg_pool2d_f32, &p, x, y);
    CHECK(caps_max_pool2d_f32(&p, x, y) == CAPS_OK); /* max pooling ignores count_include_pad */
}

int main(void) {
    tu_seed(777u);
    test_fixed_cases();
    test_random_cases();
    test_onnx_ceil();
    test_max_details();
    test_validation();
    return tu_finish("test_pooling");
}
