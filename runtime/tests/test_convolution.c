/**
 * @file test_convolution.c
 * @brief Unit tests of caps_conv2d_f32 (NCHW, and NHWC against the transposed NCHW result).
 *
 * The kernel is compared with a naive double-precision convolution over an explicitly zero-padded
 * input (ONNX Conv semantics, output size from the ONNX formula) on seeded random data, for strides,
 * asymmetric pads, dilation, groups, depthwise and channel-multiplier cases, with and without bias;
 * a float re-evaluation in the documented accumulation order must match bit for bit; invalid
 * parameters must return CAPS_ERR_ARG without writing the output.
 */
#include "test_util.h"

typedef struct {
    int32_t n, in_c, in_h, in_w, out_c, k_h, k_w;
    int32_t stride_h, stride_w, pad_top, pad_left, pad_bottom, pad_right, dil_h, dil_w, groups;
    int with_bias;
} conv_case_t;

/** Kernel params for a case; out_h / out_w from the ONNX output-size formula. */
static caps_conv2d_params_t make_params(const conv_case_t *c) {
    caps_conv2d_params_t p;
    memset(&p, 0, sizeof p);
    p.n = c->n;
    p.in_c = c->in_c;
    p.in_h = c->in_h;
    p.in_w = c->in_w;
    p.out_c = c->out_c;
    p.k_h = c->k_h;
    p.k_w = c->k_w;
    p.stride_h = c->stride_h;
    p.stride_w = c->stride_w;
    p.pad_top = c->pad_top;
    p.pad_left = c->pad_left;
    p.dil_h = c->dil_h;
    p.dil_w = c->dil_w;
    p.groups = c->groups;
    p.out_h = (c->in_h + c->pad_top + c->pad_bottom - c->dil_h * (c->k_h - 1) - 1) / c->stride_h + 1;
    p.out_w = (c->in_w + c->pad_left + c->pad_right - c->dil_w * (c->k_w - 1) - 1) / c->stride_w + 1;
    return p;
}

/**
 * Reference: builds the zero-padded input in double, then for every output element (decoded from its
 * linear index) sums over the whole receptive field.
 */
static void reference(const conv_case_t *c,
                      const caps_conv2d_params_t *p,
                      const float *x,
                      const float *w,
                      const float *bias,
                      double *y) {
    const int32_t ph = c->in_h + c->pad_top + c->pad_bottom;
    const int32_t pw = c->in_w + c->pad_left + c->pad_right;
    double *padded = tu_alloc_d(c->n * c->in_c * ph * pw);
    for (int32_t i = 0; i < c->n * c->in_c * c->in_h * c->in_w; ++i) {
        const int32_t dims[4] = {c->n, c->in_c, c->in_h, c->in_w};
        int32_t xc[4];
        tu_unravel(i, 4, dims, xc);
        const int32_t pdims[4] = {c->n, c->in_c, ph, pw};
        const int32_t pc[4] = {xc[0], xc[1], xc[2] + c->pad_top, xc[3] + c->pad_left};
        padded[tu_ravel(4, pdims, pc)] = (double)x[i];
    }
    const int32_t odims[4] = {p->n, p->out_c, p->out_h, p->out_w};
    const int32_t cin_g = c->in_c / c->groups;
    const int32_t cout_g = c->out_c / c->groups;
    for (int32_t i = 0; i < tu_count(4, odims); ++i) {
        int32_t oc[4];
        tu_unravel(i, 4, odims, oc);
        const int32_t g = oc[1] / cout_g;
        double s = bias != NULL ? (double)bias[oc[1]] : 0.0;
        for (int32_t kh = 0; kh < c->k_h; ++kh) {
            for (int32_t kw = 0; kw < c->k_w; ++kw) {
                for (int32_t ci = 0; ci < cin_g; ++ci) {
                    const int32_t hh = oc[2] * c->stride_h + kh * c->dil_h;
                    const int32_t ww = oc[3] * c->stride_w + kw * c->dil_w;
                    const int32_t pdims[4] = {c->n, c->in_c, ph, pw};
                    const int32_t pc[4] = {oc[0], g * cin_g + ci, hh, ww};
                    const double xv = hh < ph && ww < pw ? padded[tu_ravel(4, pdims, pc)] : 0.0;
                    const int32_t wdims[4] = {c->out_c, cin_g, c->k_h, c->k_w};
                    const int32_t wc[4] = {oc[1], ci, kh, kw};
                    s += xv * (double)w[tu_ravel(4, wdims, wc)];
                }
            }
        }
        y[i] = s;
    }
    free(padded);
}

/** Float re-evaluation in the order documented by caps_conv2d_f32.c (bias, then ic, kh, kw). */
static float ordered_element(const caps_conv2d_params_t *p,
                             const float *x,
                             const float *w,
                             const float *bias,
                             int32_t b,
                             int32_t oc,
                             int32_t oh,
                             int32_t ow) {
    const int32_t cin_g = p->in_c / p->groups;
    const int32_t g = oc / (p->out_c / p->groups);
    float acc = bias != NULL ? bias[oc] : 0.0f;
    for (int32_t ci = 0; ci < cin_g; ++ci) {
        for (int32_t kh = 0; kh < p->k_h; ++kh) {
            for (int32_t kw = 0; kw < p->k_w; ++kw) {
                const int32_t ih = oh * p->stride_h - p->pad_top + kh * p->dil_h;
                const int32_t iw = ow * p->stride_w - p->pad_left + kw * p->dil_w;
                if (ih >= 0 && ih < p->in_h && iw >= 0 && iw < p->in_w) {
                    const float xv = x[((b * p->in_c + g * cin_g + ci) * p->in_h + ih) * p->in_w + iw];
                    const float wv = w[((oc * cin_g + ci) * p->k_h + kh) * p->k_w + kw];
                    acc = acc + xv * wv;
                }
            }
        }
    }
    return acc;
}

static void run_case(const char *name, const conv_case_t *c) {
    const caps_conv2d_params_t p = make_params(c);
    const int32_t nx = c->n * c->in_c * c->in_h * c->in_w;
    const int32_t nw = c->out_c * (c->in_c / c->groups) * c->k_h * c->k_w;
    const int32_t ny = p.n * p.out_c * p.out_h * p.out_w;
    float *x = tu_alloc(nx);
    float *w = tu_alloc(nw);
    float *bias = tu_alloc(c->out_c);
    float *y = tu_alloc(ny);
    float *yo = tu_alloc(ny);
    double *ref = tu_alloc_d(ny);
    tu_fill(x, nx, -1.0f, 1.0f);
    tu_fill(w, nw, -1.0f, 1.0f);
    tu_fill(bias, c->out_c, -1.0f, 1.0f);
    const float *b = c->with_bias ? bias : NULL;
    CHECK(caps_conv2d_f32(&p, x, w, b, y) == CAPS_OK);
    reference(c, &p, x, w, b, ref);
    const int32_t terms = (c->in_c / c->groups) * c->k_h * c->k_w + 1;
    CHECK_CLOSE(name, y, ref, ny, 1e-5, 1e-6 * terms);
    for (int32_t i = 0; i < ny; ++i) {
        const int32_t dims[4] = {p.n, p.out_c, p.out_h, p.out_w};
        int32_t oc[4];
        tu_unravel(i, 4, dims, oc);
        yo[i] = ordered_element(&p, x, w, b, oc[0], oc[1], oc[2], oc[3]);
    }
    CHECK_BITS(y, yo, ny);
    /* NHWC input (and weights) and / or output: the same sums in the same order, so the NCHW result, transposed
     * where the output is NHWC, bit for bit. */
    float *xl = tu_channels_last(x, p.n, p.in_c, p.in_h, p.in_w, sizeof(float));
    float *wl = tu_channels_last(w, p.out_c, p.in_c / p.groups, p.k_h, p.k_w, sizeof(float));
    float *yl = tu_channels_last(y, p.n, p.out_c, p.out_h, p.out_w, sizeof(float));
    for (int32_t layout = CAPS_LAYOUT_NHWC_IN; layout <= CAPS_LAYOUT_NHWC; ++layout) {
        caps_conv2d_params_t pl = p;
        pl.layout = layout;
        const int in = layout & CAPS_LAYOUT_NHWC_IN;
        CHECK(caps_conv2d_f32(&pl, in ? xl : x, in ? wl : w, b, yo) == CAPS_OK);
        CHECK_BITS(yo, layout & CAPS_LAYOUT_NHWC_OUT ? yl : y, ny);
    }
    free(xl);
    free(wl);
    free(yl);
    free(x);
    free(w);
    free(bias);
    free(y);
    free(yo);
    free(ref);
}

static void test_fixed_cases(void) {
    /* n, in_c, in_h, in_w, out_c, k_h, k_w, sh, sw, pt, pl, pb, pr, dh, dw, groups, bias */
    static const conv_case_t cases[] = {
        {1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0},    /* plain valid conv */
        {2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},    /* same padding, bias, batch 2 */
        {1, 2, 9, 8, 3, 3, 3, 2, 2, 1, 0, 0, 2, 1, 1, 1, 1},    /* stride 2, asymmetric pads */
        {1, 2, 10, 9, 2, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1, 0},   /* dilation 2 */
        {1, 4, 6, 6, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1},    /* 2 groups */
        {2, 3, 8, 7, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 3, 1},    /* depthwise, stride 2 */
        {1, 2, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0},    /* depthwise, channel multiplier 2 */
        {1, 8, 4, 5, 5, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1},    /* pointwise */
        {1, 2, 6, 13, 3, 1, 5, 1, 3, 0, 2, 0, 2, 1, 2, 1, 1},   /* 1x5 kernel, stride (1,3), dilation (1,2) */
        {1, 1, 2, 2, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},    /* kernel larger than the input */
        {1, 16, 12, 12, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, /* 144-term sums */
        {1, 3, 7, 7, 2, 2, 2, 3, 3, 0, 0, 3, 3, 1, 1, 1, 0},    /* windows ending in the bottom pad */
        {1, 6, 5, 7, 6, 3, 2, 2, 1, 2, 0, 1, 1, 1, 3, 6, 1},    /* depthwise, non-square, mixed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        char name[32];
        snprintf(name, sizeof name, "conv case %u", (unsigned)i);
        run_case(name, &cases[i]);
    }
}

static void test_random_cases(void) {
    for (int t = 0; t < 40; ++t) {
        conv_case_t c;
        c.groups = tu_rand_int(1, 3);
        c.n = tu_rand_int(1, 2);
        c.in_c = c.groups * tu_rand_int(1, 3);
        c.out_c = c.groups * tu_rand_int(1, 3);
        c.k_h = tu_rand_int(1, 4);
        c.k_w = tu_rand_int(1, 4);
        c.dil_h = tu_rand_int(1, 3);
        c.dil_w = tu_rand_int(1, 3);
        c.stride_h = tu_rand_int(1, 3);
        c.stride_w = tu_rand_int(1, 3);
        c.pad_top = tu_rand_int(0, 2);
        c.pad_left = tu_rand_int(0, 2);
        c.pad_bottom = tu_rand_int(0, 2);
        c.pad_right = tu_rand_int(0, 2);
        c.in_h = tu_rand_int(1, 9);
        c.in_w = tu_rand_int(1, 9);
        c.with_bias = tu_rand_int(0, 1);
        /* The (dilated) kernel must fit in the padded input. */
        if (c.in_h + c.pad_top + c.pad_bottom < c.dil_h * (c.k_h - 1) + 1 ||
            c.in_w + c.pad_left + c.pad_right < c.dil_w * (c.k_w - 1) + 1) {
            --t;
            continue;
        }
        char name[32];
        snprintf(name, sizeof name, "random conv %d", t);
        run_case(name, &c);
    }
}

/** A call that must be rejected without touching the output. */
static void
expect_arg(const caps_conv2d_params_t *p, const float *x, const float *w, const float *b, float *y, int32_t ny) {
    tu_fill_sentinel(y, ny);
    CHECK(caps_conv2d_f32(p, x, w, b, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, ny));
}

static void test_validation(void) {
    const conv_case_t c = {1, 4, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1};
    const caps_conv2d_params_t good = make_params(&c);
    float x[100], w[72], b[4], y[100];
    tu_fill(x, 100, -1.0f, 1.0f);
    tu_fill(w, 72, -1.0f, 1.0f);
    tu_fill(b, 4, -1.0f, 1.0f);
    CHECK(caps_conv2d_f32(&good, x, w, b, y) == CAPS_OK);
    CHECK(caps_conv2d_f32(&good, x, w, NULL, y) == CAPS_OK); /* bias is optional */
    caps_conv2d_params_t layout = good;
    layout.layout = 4;
    expect_arg(&layout, x, w, b, y, 100);
    expect_arg(NULL, x, w, b, y, 100);
    expect_arg(&good, NULL, w, b, y, 100);
    expect_arg(&good, x, NULL, b, y, 100);
    CHECK(caps_conv2d_f32(&good, x, w, b, NULL) == CAPS_ERR_ARG);

    caps_conv2d_params_t p;
#define BAD(field, value)                                                                                              \
    do {                                                                                                               \
        p = good;                                                                                                      \
        p.field = (value);                                                                                             \
        expect_arg(&p, x, w, b, y, 100);                                                                               \
    } while (0)
    BAD(n, 0);
    BAD(in_c, 0);
    BAD(in_h, -1);
    BAD(in_w, 0);
    BAD(out_c, 0);
    BAD(out_h, 0);
    BAD(out_w, -5);
    BAD(k_h, 0);
    BAD(k_w, -1);
    BAD(stride_h, 0);
    BAD(stride_w, -1);
    BAD(dil_h, 0);
    BAD(dil_w, -2);
    BAD(pad_top, -1);
    BAD(pad_left, -1);
    BAD(groups, 0);
    BAD(groups, -2);
    BAD(groups, 3);            /* does not divide in_c = 4 */
    BAD(n, 0x40000000);        /* element count overflows int32 */
    BAD(k_h, 0x7fffffff);      /* weight count overflows */
    BAD(stride_h, 0x40000000); /* window reach (out_h - 1) * stride overflows */
#undef BAD
    p = good;
    p.out_c = 5; /* not divisible by groups = 2 */
    expect_arg(&p, x, w, b, y, 100);
    p = good;
    p.in_c = 3; /* not divisible by groups = 2 */
    expect_arg(&p, x, w, b, y, 100);
    p = good;
    p.dil_h = 0x7fffffff; /* (k_h - 1) * dil_h overflows */
    expect_arg(&p, x, w, b, y, 100);
}

int main(void) {
    tu_seed(20240601u);
    test_fixed_cases();
    test_random_cases();
    test_validation();
    return tu_finish("test_convolution");
}
