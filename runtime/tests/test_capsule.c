/**
 * @file test_capsule.c
 * @brief Unit tests of the capsule-network kernels: caps_squash_f32, caps_predict_f32,
 *        caps_routing_get_buffer_size, caps_dynamic_routing_f32, caps_self_attention_routing_f32 and
 *        caps_length_f32.
 *
 * Every kernel is compared with an independent double-precision reference written from the formulas of
 * capsrt.h / params.def on seeded random data:
 *   - squash (both variants) on tiny, ordinary and large magnitudes (n2 kept below FLT_MAX), zero capsules
 *     (exactly 0, no NaN), in place (same bits);
 *   - predict against naive loops;
 *   - dynamic routing against the "textbook" algorithm that stores the logits b [in_caps, out_caps]
 *     explicitly (c = softmax_j(b), s, v = squash(s), b += u_hat . v), iterations 1, 2, 3, 5, batch 1 and
 *     2, including the MNIST CapsNet layer; iterations = 1 against squash(sum_i u_hat_j|i / out_caps);
 *   - self-attention routing against the Efficient-CapsNet formula, both squash variants;
 *   - length against sqrt(sum of squares).
 * The routing kernels must write nothing past caps_routing_get_buffer_size(params) floats of scratch nor
 * past the output, must not depend on the scratch contents on entry, and batch n must equal n single runs.
 * Rejected calls (CAPS_ERR_ARG) must not write.
 *
 * Inputs outside the float range of the documented arithmetic (sum of squares overflowing or underflowing
 * float) are probed only with -DCAPSRT_TEST_KNOWN_ISSUES; see test_known_issues().
 */
#include "test_util.h"

/** Floats of guard after every output / scratch buffer; they must keep the sentinel value. */
#define GUARD 16

/* ---------------------------------------------------------------- double references */

/** Squash scale of a capsule with sum of squares n2, in double. */
static double ref_squash_scale(double n2, int32_t variant, double eps) {
    if (variant == CAPS_SQUASH_EFFICIENT) {
        const double n = sqrt(n2);
        return (1.0 - exp(-n)) / (n + eps);
    }
    return n2 / (1.0 + n2) / sqrt(n2 + eps);
}

/** Squashes one capsule of dim doubles (in and out may be equal). */
static void ref_squash_d(const double *in, double *out, int32_t dim, int32_t variant, double eps) {
    double n2 = 0.0;
    for (int32_t d = 0; d < dim; ++d)
        n2 += in[d] * in[d];
    const double scale = ref_squash_scale(n2, variant, eps);
    for (int32_t d = 0; d < dim; ++d)
        out[d] = in[d] * scale;
}

/** Dynamic routing, "textbook" form with explicit logits b and couplings c, in double. */
static void ref_dynamic_routing(const caps_routing_params_t *p, const float *u_hat, double *want) {
    const int32_t in = p->in_caps, out = p->out_caps, dim = p->out_dim;
    double *b = tu_alloc_d(in * out), *c = tu_alloc_d(in * out), *s = tu_alloc_d(out * dim);
    for (int32_t bt = 0; bt < p->n; ++bt) {
        const float *uh = u_hat + bt * in * out * dim;
        double *v = want + bt * out * dim;
        for (int32_t k = 0; k < in * out; ++k)
            b[k] = 0.0;
        for (int32_t it = 0; it < p->iterations; ++it) {
            /* c_i = softmax over the output capsules of b_i */
            for (int32_t i = 0; i < in; ++i) {
                double mx = -INFINITY, sum = 0.0;
                for (int32_t j = 0; j < out; ++j)
                    mx = fmax(mx, b[i * out + j]);
                for (int32_t j = 0; j < out; ++j) {
                    c[i * out + j] = exp(b[i * out + j] - mx);
                    sum += c[i * out + j];
                }
                for (int32_t j = 0; j < out; ++j)
                    c[i * out + j] /= sum;
            }
            /* s_j = sum_i c_ij u_hat_j|i, v_j = squash(s_j) */
            for (int32_t j = 0; j < out; ++j) {
                for (int32_t d = 0; d < dim; ++d) {
                    double acc = 0.0;
                    for (int32_t i = 0; i < in; ++i)
                        acc += c[i * out + j] * (double)uh[(i * out + j) * dim + d];
                    s[j * dim + d] = acc;
                }
                ref_squash_d(s + j * dim, v + j * dim, dim, p->squash_variant, (double)p->epsilon);
            }
            /* b_ij += u_hat_j|i . v_j */
            for (int32_t i = 0; i < in; ++i)
                for (int32_t j = 0; j < out; ++j) {
                    double dot = 0.0;
                    for (int32_t d = 0; d < dim; ++d)
                        dot += (double)uh[(i * out + j) * dim + d] * v[j * dim + d];
                    b[i * out + j] += dot;
                }
        }
    }
    free(b);
    free(c);
    free(s);
}

/** Self-attention routing of Efficient-CapsNet, in double. */
static void
ref_self_attention_routing(const caps_routing_params_t *p, const float *u_hat, const float *log_prior, double *want) {
    const int32_t in = p->in_caps, out = p->out_caps, dim = p->out_dim;
    double *a = tu_alloc_d(in * out), *sum_k = tu_alloc_d(out * dim), *s = tu_alloc_d(out * dim);
    for (int32_t bt = 0; bt < p->n; ++bt) {
        const float *uh = u_hat + bt * in * out * dim;
        double *v = want + bt * out * dim;
        /* sum_k u_hat_j|k */
        for (int32_t j = 0; j < out; ++j)
            for (int32_t d = 0; d < dim; ++d) {
                double acc = 0.0;
                for (int32_t k = 0; k < in; ++k)
                    acc += (double)uh[(k * out + j) * dim + d];
                sum_k[j * dim + d] = acc;
            }
        /* a_ij = u_hat_j|i . sum_k u_hat_j|k / sqrt(D); c_i = softmax_j(a_i) + log_prior[i, j] */
        for (int32_t i = 0; i < in; ++i) {
            double mx = -INFINITY, total = 0.0;
            for (int32_t j = 0; j < out; ++j) {
                double dot = 0.0;
                for (int32_t d = 0; d < dim; ++d)
                    dot += (double)uh[(i * out + j) * dim + d] * sum_k[j * dim + d];
                a[i * out + j] = dot / sqrt((double)dim);
                mx = fmax(mx, a[i * out + j]);
            }
            for (int32_t j = 0; j < out; ++j)
                total += exp(a[i * out + j] - mx);
            for (int32_t j = 0; j < out; ++j)
                a[i * out + j] = exp(a[i * out + j] - mx) / total + (double)log_prior[i * out + j];
        }
        for (int32_t j = 0; j < out; ++j) {
            for (int32_t d = 0; d < dim; ++d) {
                double acc = 0.0;
                for (int32_t i = 0; i < in; ++i)
                    acc += a[i * out + j] * (double)uh[(i * out + j) * dim + d];
                s[j * dim + d] = acc;
            }
            ref_squash_d(s + j * dim, v + j * dim, dim, p->squash_variant, (double)p->epsilon);
        }
    }
    free(a);
    free(sum_k);
    free(s);
}

/* ---------------------------------------------------------------- helpers */

static const char *variant_name(int32_t variant) { return variant == CAPS_SQUASH_EFFICIENT ? "efficient" : "sabour"; }

/** 10^e as a float. */
static float pow10f_(double e) { return (float)pow(10.0, e); }

static float *alloc_guarded(int32_t n) {
    float *p = tu_alloc(n + GUARD);
    tu_fill_sentinel(p, n + GUARD);
    return p;
}

static float *copy_floats(const float *x, int32_t n) {
    float *p = tu_alloc(n);
    memcpy(p, x, (size_t)n * sizeof(float));
    return p;
}

static void fill_nan(float *x, int32_t n) {
    for (int32_t i = 0; i < n; ++i)
        x[i] = (float)NAN;
}

/**
 * Squash output check: |got - want| <= 1e-5 |want| + 1e-37 (+ for the efficient variant the rounding of
 * 1 - expf(-n) in float, about 2e-7 absolute, relative to n: 2e-7 |s_d| / (n + eps)). Returns mismatches.
 */
static int squash_mismatches(const char *what,
                             const float *in,
                             const float *got,
                             int32_t count,
                             int32_t dim,
                             int32_t variant,
                             float eps) {
    int bad = 0;
    for (int32_t c = 0; c < count; ++c) {
        const float *s = in + c * dim;
        double n2 = 0.0;
        for (int32_t d = 0; d < dim; ++d)
            n2 += (double)s[d] * (double)s[d];
        const double scale = ref_squash_scale(n2, variant, (double)eps);
        for (int32_t d = 0; d < dim; ++d) {
            const double w = (double)s[d] * scale, g = (double)got[c * dim + d];
            double tol = 1e-5 * fabs(w) + 1e-37;
            if (variant == CAPS_SQUASH_EFFICIENT)
                tol += 2e-7 * fabs((double)s[d]) / (sqrt(n2) + (double)eps);
            if (!(fabs(g - w) <= tol)) {
                if (bad < 5)
                    fprintf(stderr, "  %s: capsule %ld elem %ld: in %.9g, got %.9g, want %.9g\n", what, (long)c,
                            (long)d, (double)s[d], g, w);
                ++bad;
            }
        }
    }
    return bad;
}

/* ---------------------------------------------------------------- squash */

/**
 * Fills count capsules of dim floats: each capsule gets a random magnitude 10^e, e in [lo_exp, hi_exp],
 * times components in [-1, 1]; every fifth capsule mixes component magnitudes over 6 decades.
 */
static void fill_capsules(float *x, int32_t count, int32_t dim, float lo_exp, float hi_exp) {
    for (int32_t c = 0; c < count; ++c) {
        const float mag = pow10f_((double)tu_rand_float(lo_exp, hi_exp));
        for (int32_t d = 0; d < dim; ++d) {
            float comp = tu_rand_float(-1.0f, 1.0f);
            if (c % 5 == 4)
                comp *= pow10f_((double)tu_rand_float(-6.0f, 0.0f));
            x[c * dim + d] = mag * comp;
        }
    }
}

static void run_squash_case(int32_t count, int32_t dim, int32_t variant, float eps, float lo_exp, float hi_exp) {
    caps_squash_params_t p;
    memset(&p, 0, sizeof p);
    p.count = count;
    p.dim = dim;
    p.variant = variant;
    p.epsilon = eps;
    const int32_t n = count * dim;
    float *x = tu_alloc(n), *y = alloc_guarded(n), *z;
    fill_capsules(x, count, dim, lo_exp, hi_exp);
    const float *x0 = x;
    float *xc = copy_floats(x, n);
    char name[96];
    snprintf(name, sizeof name, "squash %s %dx%d eps %g 1e[%g,%g]", variant_name(variant), (int)count, (int)dim,
             (double)eps, (double)lo_exp, (double)hi_exp);
    CHECK(caps_squash_f32(&p, x0, y) == CAPS_OK);
    CHECK(squash_mismatches(name, x, y, count, dim, variant, eps) == 0);
    CHECK(tu_is_sentinel(y + n, GUARD)); /* nothing written past the output */
    CHECK_BITS(x, xc, n);                /* input untouched */
    z = copy_floats(x, n);
    CHECK(caps_squash_f32(&p, z, z) == CAPS_OK); /* in place gives the same bits */
    CHECK_BITS(z, y, n);
    free(x);
    free(xc);
    free(y);
    free(z);
}

/** Zero capsules (+0 and -0) squash to exactly zero, also next to non-zero capsules and for tiny eps. */
static void test_squash_zero(void) {
    static const float eps_list[] = {1e-7f, 1e-45f /* smallest denormal */, 1.0f};
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        for (size_t e = 0; e < sizeof eps_list / sizeof eps_list[0]; ++e) {
            caps_squash_params_t p;
            memset(&p, 0, sizeof p);
            p.count = 4;
            p.dim = 5;
            p.variant = variant;
            p.epsilon = eps_list[e];
            float x[20], y[20];
            memset(x, 0, sizeof x);
            for (int32_t d = 0; d < 5; ++d) {
                x[5 + d] = tu_rand_float(-1.0f, 1.0f); /* capsule 1: non-zero */
                x[15 + d] = -0.0f;                     /* capsule 3: negative zeros */
            }
            CHECK(caps_squash_f32(&p, x, y) == CAPS_OK);
            int zeros_ok = 1;
            for (int32_t d = 0; d < 5; ++d)
                zeros_ok &= y[d] == 0.0f && y[10 + d] == 0.0f && y[15 + d] == 0.0f;
            CHECK(zeros_ok);
            int finite = 1;
            for (int32_t i = 0; i < 20; ++i)
                finite &= isfinite(y[i]) != 0;
            CHECK(finite);
            CHECK(squash_mismatches("squash zero", x, y, 4, 5, variant, eps_list[e]) == 0);
            CHECK(caps_squash_f32(&p, x, x) == CAPS_OK); /* in place */
            CHECK_BITS(x, y, 20);
        }
    }
}

/** A few exact values: sabour of (3, 4) with eps -> 0 is (3, 4) * 25/26/5; efficient of (0, 2) is (0, 1-e^-2). */
static void test_squash_values(void) {
    caps_squash_params_t p;
    memset(&p, 0, sizeof p);
    p.count = 1;
    p.dim = 2;
    p.variant = CAPS_SQUASH_SABOUR;
    p.epsilon = 1e-30f;
    const float x[2] = {3.0f, 4.0f};
    float y[2];
    CHECK(caps_squash_f32(&p, x, y) == CAPS_OK);
    CHECK(fabs((double)y[0] - 3.0 * 25.0 / 26.0 / 5.0) < 1e-7 && fabs((double)y[1] - 4.0 * 25.0 / 26.0 / 5.0) < 1e-7);
    p.variant = CAPS_SQUASH_EFFICIENT;
    const float x2[2] = {0.0f, 2.0f};
    CHECK(caps_squash_f32(&p, x2, y) == CAPS_OK);
    CHECK(y[0] == 0.0f && fabs((double)y[1] - (1.0 - exp(-2.0))) < 1e-7);
}

static void test_squash_validation(void) {
    caps_squash_params_t good;
    memset(&good, 0, sizeof good);
    good.count = 2;
    good.dim = 3;
    good.variant = CAPS_SQUASH_SABOUR;
    good.epsilon = 1e-7f;
    float x[6] = {1, 2, 3, 4, 5, 6}, y[6];
    CHECK(caps_squash_f32(&good, x, y) == CAPS_OK);
    tu_fill_sentinel(y, 6);
    caps_squash_params_t p;
    CHECK(caps_squash_f32(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_squash_f32(&good, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_squash_f32(&good, x, NULL) == CAPS_ERR_ARG);
    p = good;
    p.count = 0;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.count = -2;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.dim = 0;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.dim = -3;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.count = 0x10000;
    p.dim = 0x10000; /* count * dim overflows int32 */
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.variant = 2;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.variant = -1;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = 0.0f;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = -0.0f;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = -1e-7f;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = (float)INFINITY;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = (float)-INFINITY;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = (float)NAN;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    p = good;
    p.variant = CAPS_SQUASH_EFFICIENT;
    p.epsilon = 0.0f;
    CHECK(caps_squash_f32(&p, x, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 6));
    p = good;
    p.epsilon = 3.0e38f; /* large but finite: accepted */
    CHECK(caps_squash_f32(&p, x, y) == CAPS_OK);
}

static void test_squash(void) {
    static const struct {
        int32_t count, dim;
    } shapes[] = {{1, 1}, {7, 2}, {10, 16}, {32, 8}, {100, 6}, {3, 64}, {1152, 8}};
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; ++s) {
            const int32_t count = shapes[s].count, dim = shapes[s].dim;
            run_squash_case(count, dim, variant, 1e-7f, -1.0f, 1.0f);   /* ordinary magnitudes */
            run_squash_case(count, dim, variant, 1e-7f, -20.0f, -3.0f); /* tiny (down to denormal n2) */
            run_squash_case(count, dim, variant, 1e-7f, 3.0f, 17.5f);   /* large, n2 < FLT_MAX */
            run_squash_case(count, dim, variant, 1e-3f, -20.0f, 17.5f); /* everything, larger eps */
            run_squash_case(count, dim, variant, 0.5f, -2.0f, 2.0f);    /* eps comparable to n2 */
        }
    }
    test_squash_zero();
    test_squash_values();
    test_squash_validation();
}

/* ---------------------------------------------------------------- predict */

static void run_predict_case(int32_t n, int32_t in_caps, int32_t in_dim, int32_t out_caps, int32_t out_dim) {
    caps_predict_params_t p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.in_caps = in_caps;
    p.in_dim = in_dim;
    p.out_caps = out_caps;
    p.out_dim = out_dim;
    const int32_t nu = n * in_caps * in_dim, nw = in_caps * out_caps * out_dim * in_dim;
    const int32_t nh = n * in_caps * out_caps * out_dim;
    float *u = tu_alloc(nu), *w = tu_alloc(nw), *uh = alloc_guarded(nh);
    double *want = tu_alloc_d(nh);
    tu_fill(u, nu, -1.0f, 1.0f);
    tu_fill(w, nw, -1.0f, 1.0f);
    float *uc = copy_floats(u, nu), *wc = copy_floats(w, nw);
    for (int32_t b = 0; b < n; ++b)
        for (int32_t i = 0; i < in_caps; ++i)
            for (int32_t j = 0; j < out_caps; ++j)
                for (int32_t o = 0; o < out_dim; ++o) {
                    double acc = 0.0;
                    for (int32_t k = 0; k < in_dim; ++k)
                        acc += (double)w[((i * out_caps + j) * out_dim + o) * in_dim + k] *
                               (double)u[(b * in_caps + i) * in_dim + k];
                    want[((b * in_caps + i) * out_caps + j) * out_dim + o] = acc;
                }
    char name[96];
    snprintf(name, sizeof name, "predict n%d in%dx%d out%dx%d", (int)n, (int)in_caps, (int)in_dim, (int)out_caps,
             (int)out_dim);
    CHECK(caps_predict_f32(&p, u, w, uh) == CAPS_OK);
    CHECK_CLOSE(name, uh, want, nh, 1e-5, 1e-6);
    CHECK(tu_is_sentinel(uh + nh, GUARD));
    CHECK_BITS(u, uc, nu);
    CHECK_BITS(w, wc, nw);
    free(u);
    free(w);
    free(uh);
    free(uc);
    free(wc);
    free(want);
}

static void test_predict_validation(void) {
    caps_predict_params_t good;
    memset(&good, 0, sizeof good);
    good.n = 1;
    good.in_caps = 2;
    good.in_dim = 2;
    good.out_caps = 2;
    good.out_dim = 2;
    float u[4] = {1, 2, 3, 4}, w[16], y[8];
    for (int i = 0; i < 16; ++i)
        w[i] = (float)i;
    CHECK(caps_predict_f32(&good, u, w, y) == CAPS_OK);
    CHECK(y[0] == 0.0f * 1.0f + 1.0f * 2.0f && y[7] == 14.0f * 3.0f + 15.0f * 4.0f);
    tu_fill_sentinel(y, 8);
    caps_predict_params_t p;
    CHECK(caps_predict_f32(NULL, u, w, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_f32(&good, NULL, w, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_f32(&good, u, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_predict_f32(&good, u, w, NULL) == CAPS_ERR_ARG);
    p = good;
    p.n = 0;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    p = good;
    p.in_caps = -1;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    p = good;
    p.in_dim = 0;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    p = good;
    p.out_caps = 0;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    p = good;
    p.out_dim = -4;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    /* Only the weights overflow: in_caps * out_caps * out_dim * in_dim = 2^31. */
    p = good;
    p.in_caps = 2;
    p.out_caps = 1024;
    p.out_dim = 1024;
    p.in_dim = 1024;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    /* Only u overflows: n * in_caps * in_dim = 2^32, u_hat 2^20, W 2^12. */
    p = good;
    p.n = 1 << 20;
    p.in_caps = 1;
    p.in_dim = 1 << 12;
    p.out_caps = 1;
    p.out_dim = 1;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    /* Only u_hat overflows: n * in_caps * out_caps * out_dim = 2^32, u 2^20, W 2^12. */
    p = good;
    p.n = 1 << 20;
    p.in_caps = 1;
    p.in_dim = 1;
    p.out_caps = 1 << 12;
    p.out_dim = 1;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    /* out_dim * in_dim alone overflows. */
    p = good;
    p.in_caps = 1;
    p.out_caps = 1;
    p.out_dim = 1 << 16;
    p.in_dim = 1 << 16;
    CHECK(caps_predict_f32(&p, u, w, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 8));
}

static void test_predict(void) {
    run_predict_case(1, 1, 1, 1, 1);
    run_predict_case(2, 3, 1, 4, 5);    /* in_dim 1, batch 2 */
    run_predict_case(2, 8, 8, 10, 16);  /* batch 2 */
    run_predict_case(1, 32, 8, 10, 16); /* CapsNet-like */
    run_predict_case(3, 5, 4, 2, 3);
    run_predict_case(2, 7, 3, 1, 1);      /* one output capsule of dim 1 */
    run_predict_case(1, 1024, 4, 10, 6); /* the MNIST-sized CapsNet of the published MCU work */
    if (!TU_BOARD)
        run_predict_case(1, 1152, 8, 10, 16); /* Sabour et al. DigitCaps: 5.9 MB of weights */
    test_predict_validation();
}

/* ---------------------------------------------------------------- routing */

/**
 * u_hat [n, in, out, dim]: per (batch, output capsule) a random prototype of magnitude up to proto, plus
 * per-entry noise in [-noise, noise], so that the routing has something to agree on.
 */
static void fill_u_hat(float *uh, int32_t n, int32_t in, int32_t out, int32_t dim, float proto, float noise) {
    float *pr = tu_alloc(out * dim);
    for (int32_t b = 0; b < n; ++b) {
        for (int32_t j = 0; j < out; ++j) {
            const float m = tu_rand_float(0.0f, proto);
            for (int32_t d = 0; d < dim; ++d)
                pr[j * dim + d] = m * tu_rand_float(-1.0f, 1.0f);
        }
        for (int32_t i = 0; i < in; ++i)
            for (int32_t j = 0; j < out; ++j)
                for (int32_t d = 0; d < dim; ++d)
                    uh[((b * in + i) * out + j) * dim + d] = pr[j * dim + d] + tu_rand_float(-noise, noise);
    }
    free(pr);
}

static caps_routing_params_t
routing_params(int32_t n, int32_t in, int32_t out, int32_t dim, int32_t iterations, int32_t variant, float eps) {
    caps_routing_params_t p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.in_caps = in;
    p.out_caps = out;
    p.out_dim = dim;
    p.iterations = iterations;
    p.squash_variant = variant;
    p.epsilon = eps;
    return p;
}

/** Runs one routing kernel (log_prior NULL: dynamic routing) with guard, scratch and batch checks. */
static void check_routing_run(const char *name,
                              const caps_routing_params_t *p,
                              const float *u_hat,
                              const float *log_prior,
                              const double *want) {
    const int32_t n = p->n, in = p->in_caps, out = p->out_caps, dim = p->out_dim;
    const int32_t nuh = n * in * out * dim, nv = n * out * dim;
    const int32_t buf = caps_routing_get_buffer_size(p);
    CHECK(buf == out * dim + out);
    if (buf <= 0)
        return;
    float *scratch = alloc_guarded(buf), *v = alloc_guarded(nv), *v2 = alloc_guarded(nv);
    float *uc = copy_floats(u_hat, nuh);
#define RUN_ROUTING(params, uh, sc, outp)                                                                              \
    (log_prior == NULL ? caps_dynamic_routing_f32((params), (uh), (sc), (outp))                                        \
                       : caps_self_attention_routing_f32((params), (uh), log_prior, (sc), (outp)))
    CHECK(RUN_ROUTING(p, u_hat, scratch, v) == CAPS_OK);
    CHECK_CLOSE(name, v, want, nv, 1e-5, 1e-5);
    CHECK(tu_is_sentinel(scratch + buf, GUARD)); /* nothing past the documented scratch */
    CHECK(tu_is_sentinel(v + nv, GUARD));        /* nothing past the output */
    CHECK_BITS(u_hat, uc, nuh);                  /* u_hat untouched */
    /* The scratch and output contents on entry do not matter (NaN there must not leak). */
    fill_nan(scratch, buf);
    fill_nan(v2, nv);
    CHECK(RUN_ROUTING(p, u_hat, scratch, v2) == CAPS_OK);
    CHECK_BITS(v2, v, nv);
    CHECK(tu_is_sentinel(scratch + buf, GUARD));
    CHECK(tu_is_sentinel(v2 + nv, GUARD));
    /* Batch n gives the bits of n single-element runs. */
    if (n > 1) {
        caps_routing_params_t one = *p;
        one.n = 1;
        CHECK(caps_routing_get_buffer_size(&one) == buf); /* scratch does not grow with the batch */
        int same = 1;
        for (int32_t b = 0; b < n; ++b) {
            tu_fill_sentinel(v2, nv + GUARD);
            CHECK(RUN_ROUTING(&one, u_hat + b * in * out * dim, scratch, v2) == CAPS_OK);
            same &= memcmp(v2, v + b * out * dim, (size_t)(out * dim) * sizeof(float)) == 0;
            CHECK(tu_is_sentinel(v2 + out * dim, nv - out * dim + GUARD));
        }
        CHECK(same);
    }
#undef RUN_ROUTING
    free(scratch);
    free(v);
    free(v2);
    free(uc);
}

static void run_dynamic_case(int32_t n,
                             int32_t in,
                             int32_t out,
                             int32_t dim,
                             int32_t iterations,
                             int32_t variant,
                             float proto,
                             float noise) {
    const caps_routing_params_t p = routing_params(n, in, out, dim, iterations, variant, 1e-7f);
    const int32_t nuh = n * in * out * dim, nv = n * out * dim;
    float *uh = tu_alloc(nuh);
    double *want = tu_alloc_d(nv);
    fill_u_hat(uh, n, in, out, dim, proto, noise);
    ref_dynamic_routing(&p, uh, want);
    char name[128];
    snprintf(name, sizeof name, "dynamic routing %s n%d in%d out%dx%d it%d", variant_name(variant), (int)n, (int)in,
             (int)out, (int)dim, (int)iterations);
    check_routing_run(name, &p, uh, NULL, want);
    free(uh);
    free(want);
}

/**
 * iterations = 1: couplings are uniform 1 / out_caps, so v_j = squash(sum_i u_hat_j|i / out_caps)
 * (note: divided by out_caps, which is the mean over the inputs only when in_caps == out_caps).
 * Compared with caps_squash_f32 of that s and with the double formula.
 */
static void test_dynamic_one_iteration(int32_t n, int32_t in, int32_t out, int32_t dim, int32_t variant) {
    const caps_routing_params_t p = routing_params(n, in, out, dim, 1, variant, 1e-7f);
    const int32_t nuh = n * in * out * dim, nv = n * out * dim;
    float *uh = tu_alloc(nuh), *s = tu_alloc(nv), *sq = tu_alloc(nv), *v = tu_alloc(nv);
    double *sd = tu_alloc_d(nv), *want = tu_alloc_d(nv);
    const int32_t buf = caps_routing_get_buffer_size(&p);
    float *scratch = alloc_guarded(buf);
    fill_u_hat(uh, n, in, out, dim, 1.0f, 0.5f);
    for (int32_t b = 0; b < n; ++b)
        for (int32_t k = 0; k < out * dim; ++k) {
            double acc = 0.0;
            for (int32_t i = 0; i < in; ++i)
                acc += (double)uh[(b * in + i) * out * dim + k];
            sd[b * out * dim + k] = acc / (double)out;
            s[b * out * dim + k] = (float)(acc / (double)out);
        }
    for (int32_t c = 0; c < n * out; ++c)
        ref_squash_d(sd + c * dim, want + c * dim, dim, variant, 1e-7);
    caps_squash_params_t sp;
    memset(&sp, 0, sizeof sp);
    sp.count = n * out;
    sp.dim = dim;
    sp.variant = variant;
    sp.epsilon = 1e-7f;
    CHECK(caps_squash_f32(&sp, s, sq) == CAPS_OK);
    CHECK(caps_dynamic_routing_f32(&p, uh, scratch, v) == CAPS_OK);
    CHECK(tu_is_sentinel(scratch + buf, GUARD));
    double *sqd = tu_alloc_d(nv);
    for (int32_t k = 0; k < nv; ++k)
        sqd[k] = (double)sq[k];
    CHECK_CLOSE("dynamic routing it1 vs caps_squash_f32(sum/out_caps)", v, sqd, nv, 1e-5, 1e-6);
    CHECK_CLOSE("dynamic routing it1 vs squash(sum/out_caps) in double", v, want, nv, 1e-5, 1e-6);
    free(uh);
    free(s);
    free(sq);
    free(v);
    free(sd);
    free(want);
    free(sqd);
    free(scratch);
}

static void test_buffer_size(void) {
    caps_routing_params_t p = routing_params(1, 1152, 10, 16, 3, CAPS_SQUASH_SABOUR, 1e-7f);
    CHECK(caps_routing_get_buffer_size(&p) == 10 * 16 + 10);
    p.n = 64; /* independent of batch and input capsules */
    p.in_caps = 7;
    CHECK(caps_routing_get_buffer_size(&p) == 10 * 16 + 10);
    p = routing_params(1, 1, 1, 1, 1, CAPS_SQUASH_EFFICIENT, 1e-7f);
    CHECK(caps_routing_get_buffer_size(&p) == 2);
    CHECK(caps_routing_get_buffer_size(NULL) < 0);
    p = routing_params(1, 4, 0, 16, 3, CAPS_SQUASH_SABOUR, 1e-7f);
    CHECK(caps_routing_get_buffer_size(&p) < 0);
    p = routing_params(1, 4, 10, -1, 3, CAPS_SQUASH_SABOUR, 1e-7f);
    CHECK(caps_routing_get_buffer_size(&p) < 0);
    p = routing_params(1, 4, 0x10000, 0x10000, 3, CAPS_SQUASH_SABOUR, 1e-7f); /* out * dim overflows */
    CHECK(caps_routing_get_buffer_size(&p) < 0);
    p = routing_params(1, 1, 2, 0x3FFFFFFF, 3, CAPS_SQUASH_SABOUR, 1e-7f); /* out * dim + out overflows */
    CHECK(caps_routing_get_buffer_size(&p) < 0);
}

/** Validation shared by both routing kernels (self_attention != 0 selects the second). */
static void test_routing_validation(int self_attention) {
    const caps_routing_params_t good = routing_params(1, 3, 2, 2, 3, CAPS_SQUASH_SABOUR, 1e-7f);
    float uh[12], lp[6] = {0}, scratch[6 + GUARD], v[4 + GUARD];
    tu_fill(uh, 12, -1.0f, 1.0f);
    CHECK(caps_routing_get_buffer_size(&good) == 6);
#define ROUTE(params, u, l, sc, outp)                                                                                  \
    (self_attention ? caps_self_attention_routing_f32((params), (u), (l), (sc), (outp))                                \
                    : caps_dynamic_routing_f32((params), (u), (sc), (outp)))
    CHECK(ROUTE(&good, uh, lp, scratch, v) == CAPS_OK);
    tu_fill_sentinel(v, 4 + GUARD);
    tu_fill_sentinel(scratch, 6 + GUARD);
    caps_routing_params_t p;
    CHECK(ROUTE(NULL, uh, lp, scratch, v) == CAPS_ERR_ARG);
    CHECK(ROUTE(&good, NULL, lp, scratch, v) == CAPS_ERR_ARG);
    CHECK(ROUTE(&good, uh, lp, NULL, v) == CAPS_ERR_ARG);
    CHECK(ROUTE(&good, uh, lp, scratch, NULL) == CAPS_ERR_ARG);
    if (self_attention)
        CHECK(caps_self_attention_routing_f32(&good, uh, NULL, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.n = 0;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.in_caps = 0;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.out_caps = -1;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.out_dim = 0;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.n = 0x10000;
    p.in_caps = 0x10000; /* n * in * out * dim overflows int32 */
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.squash_variant = 2;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.squash_variant = -1;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = 0.0f;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = -1.0f;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = (float)INFINITY;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    p = good;
    p.epsilon = (float)NAN;
    CHECK(ROUTE(&p, uh, lp, scratch, v) == CAPS_ERR_ARG);
    if (!self_attention) {
        p = good;
        p.iterations = 0;
        CHECK(caps_dynamic_routing_f32(&p, uh, scratch, v) == CAPS_ERR_ARG);
        p.iterations = -3;
        CHECK(caps_dynamic_routing_f32(&p, uh, scratch, v) == CAPS_ERR_ARG);
    }
    CHECK(tu_is_sentinel(v, 4 + GUARD));
    CHECK(tu_is_sentinel(scratch, 6 + GUARD));
    if (self_attention) {
        /* iterations is unused by self-attention routing: 0 is accepted and changes nothing. */
        float v0[4], v1[4];
        CHECK(caps_self_attention_routing_f32(&good, uh, lp, scratch, v0) == CAPS_OK);
        p = good;
        p.iterations = 0;
        CHECK(caps_self_attention_routing_f32(&p, uh, lp, scratch, v1) == CAPS_OK);
        CHECK_BITS(v1, v0, 4);
    }
#undef ROUTE
}

static void test_dynamic_routing(void) {
    static const int32_t iters[] = {1, 2, 3, 5};
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        for (size_t k = 0; k < sizeof iters / sizeof iters[0]; ++k) {
            const int32_t it = iters[k];
            run_dynamic_case(1, 1024, 10, 6, it, variant, 0.3f, 0.3f); /* the MNIST CapsNet shape of the brief */
            run_dynamic_case(2, 1024, 10, 6, it, variant, 0.3f, 0.3f);
            run_dynamic_case(2, 1152, 10, 16, it, variant, 0.1f, 0.1f); /* Sabour et al. DigitCaps */
            run_dynamic_case(1, 1, 1, 1, it, variant, 1.0f, 1.0f);      /* degenerate: one capsule each */
            run_dynamic_case(2, 3, 2, 4, it, variant, 1.0f, 0.5f);
            run_dynamic_case(2, 8, 5, 1, it, variant, 1.0f, 1.0f);    /* dim 1 */
            run_dynamic_case(1, 32, 10, 16, it, variant, 2.0f, 1.0f); /* larger agreement logits */
            run_dynamic_case(2, 16, 3, 8, it, variant, 0.02f, 0.02f); /* small s: squash near zero */
        }
    }
    run_dynamic_case(1, 64, 4, 8, 10, CAPS_SQUASH_SABOUR, 1.0f, 1.0f); /* many iterations */
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        test_dynamic_one_iteration(1, 1024, 10, 6, variant);
        test_dynamic_one_iteration(2, 7, 3, 4, variant);
        test_dynamic_one_iteration(1, 10, 10, 5, variant); /* in == out: also the mean over the inputs */
    }
    test_routing_validation(0);
}

static void run_self_attention_case(int32_t n,
                                    int32_t in,
                                    int32_t out,
                                    int32_t dim,
                                    int32_t variant,
                                    float proto,
                                    float noise,
                                    float prior) {
    const caps_routing_params_t p = routing_params(n, in, out, dim, 0, variant, 1e-7f);
    const int32_t nuh = n * in * out * dim, nv = n * out * dim;
    float *uh = tu_alloc(nuh), *lp = tu_alloc(in * out);
    double *want = tu_alloc_d(nv);
    fill_u_hat(uh, n, in, out, dim, proto, noise);
    tu_fill(lp, in * out, -prior, prior);
    float *lpc = copy_floats(lp, in * out);
    ref_self_attention_routing(&p, uh, lp, want);
    char name[128];
    snprintf(name, sizeof name, "self-attention routing %s n%d in%d out%dx%d prior %g", variant_name(variant), (int)n,
             (int)in, (int)out, (int)dim, (double)prior);
    check_routing_run(name, &p, uh, lp, want);
    CHECK_BITS(lp, lpc, in * out); /* log_prior untouched */
    free(uh);
    free(lp);
    free(lpc);
    free(want);
}

static void test_self_attention_routing(void) {
    for (int32_t variant = CAPS_SQUASH_SABOUR; variant <= CAPS_SQUASH_EFFICIENT; ++variant) {
        run_self_attention_case(1, 16, 10, 16, variant, 0.3f, 0.3f, 0.0f); /* Efficient-CapsNet, zero prior */
        run_self_attention_case(1, 16, 10, 16, variant, 0.3f, 0.3f, 0.5f);
        run_self_attention_case(2, 16, 10, 16, variant, 0.3f, 0.3f, 0.5f);
        run_self_attention_case(2, 16, 10, 16, variant, 1.0f, 0.5f, 0.1f); /* sharper attention */
        run_self_attention_case(1, 1, 1, 1, variant, 1.0f, 1.0f, 0.5f);
        run_self_attention_case(2, 5, 3, 4, variant, 1.0f, 0.5f, 1.0f);
        run_self_attention_case(1, 8, 2, 1, variant, 1.0f, 1.0f, 0.2f); /* dim 1 */
        run_self_attention_case(1, 256, 10, 16, variant, 0.1f, 0.1f, 0.05f);
        run_self_attention_case(1, 1152, 10, 8, variant, 0.05f, 0.05f, 0.01f);
    }
    test_routing_validation(1);
}

/* ---------------------------------------------------------------- length */

static void run_length_case(int32_t count, int32_t dim, float lo_exp, float hi_exp) {
    caps_length_params_t p;
    memset(&p, 0, sizeof p);
    p.count = count;
    p.dim = dim;
    const int32_t n = count * dim;
    float *x = tu_alloc(n), *y = alloc_guarded(count);
    double *want = tu_alloc_d(count);
    fill_capsules(x, count, dim, lo_exp, hi_exp);
    for (int32_t d = 0; d < dim; ++d)
        x[d] = (d % 2) ? -0.0f : 0.0f; /* capsule 0 is zero */
    float *xc = copy_floats(x, n);
    for (int32_t c = 0; c < count; ++c) {
        double n2 = 0.0;
        for (int32_t d = 0; d < dim; ++d)
            n2 += (double)x[c * dim + d] * (double)x[c * dim + d];
        want[c] = sqrt(n2);
    }
    char name[96];
    snprintf(name, sizeof name, "length %dx%d 1e[%g,%g]", (int)count, (int)dim, (double)lo_exp, (double)hi_exp);
    CHECK(caps_length_f32(&p, x, y) == CAPS_OK);
    CHECK_CLOSE(name, y, want, count, 1e-5, 0.0);
    CHECK(y[0] == 0.0f);
    CHECK(tu_is_sentinel(y + count, GUARD));
    CHECK_BITS(x, xc, n);
    free(x);
    free(y);
    free(xc);
    free(want);
}

static void test_length(void) {
    run_length_case(1, 1, -1.0f, 1.0f);
    run_length_case(10, 16, -1.0f, 1.0f);
    run_length_case(10, 16, -15.0f, 17.5f); /* n2 stays within the normal float range */
    run_length_case(7, 3, -2.0f, 2.0f);
    run_length_case(1152, 8, -3.0f, 3.0f);
    float x[3] = {3.0f, -4.0f, 12.0f}, y[2];
    caps_length_params_t p;
    memset(&p, 0, sizeof p);
    p.count = 1;
    p.dim = 3;
    CHECK(caps_length_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 13.0f);
    tu_fill_sentinel(y, 2);
    caps_length_params_t q;
    CHECK(caps_length_f32(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(caps_length_f32(&p, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_length_f32(&p, x, NULL) == CAPS_ERR_ARG);
    q = p;
    q.count = 0;
    CHECK(caps_length_f32(&q, x, y) == CAPS_ERR_ARG);
    q = p;
    q.dim = -1;
    CHECK(caps_length_f32(&q, x, y) == CAPS_ERR_ARG);
    q = p;
    q.count = 0x10000;
    q.dim = 0x10000;
    CHECK(caps_length_f32(&q, x, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 2));
}

/* ---------------------------------------------------------------- outside the float range */

#ifdef CAPSRT_TEST_KNOWN_ISSUES
/**
 * Finite inputs whose sum of squares overflows (|s| > ~1.8e19) or underflows float. The formulas have
 * well-defined finite results; the kernels accumulate n2 in float without rescaling.
 */
static void test_known_issues(void) {
    caps_squash_params_t sp;
    memset(&sp, 0, sizeof sp);
    sp.count = 1;
    sp.dim = 2;
    sp.epsilon = 1e-7f;
    const float big[2] = {1e20f, 0.0f};
    float y[2];
    sp.variant = CAPS_SQUASH_SABOUR; /* want (1, 0) */
    CHECK(caps_squash_f32(&sp, big, y) == CAPS_OK);
    CHECK(fabsf(y[0] - 1.0f) < 1e-6f && y[1] == 0.0f);
    sp.variant = CAPS_SQUASH_EFFICIENT; /* want (1, 0) */
    CHECK(caps_squash_f32(&sp, big, y) == CAPS_OK);
    CHECK(fabsf(y[0] - 1.0f) < 1e-6f && y[1] == 0.0f);
    caps_length_params_t lp;
    memset(&lp, 0, sizeof lp);
    lp.count = 1;
    lp.dim = 2;
    CHECK(caps_length_f32(&lp, big, y) == CAPS_OK); /* want 1e20 */
    CHECK(fabs((double)y[0] - 1e20) < 1e14);
    const float tiny[2] = {3e-25f, 4e-25f};
    CHECK(caps_length_f32(&lp, tiny, y) == CAPS_OK); /* want 5e-25 */
    CHECK(fabs((double)y[0] - 5e-25) < 1e-30);
}
#endif

int main(void) {
    tu_seed(2017u);
    test_squash();
    test_predict();
    test_buffer_size();
    test_dynamic_routing();
    test_self_attention_routing();
    test_length();
#ifdef CAPSRT_TEST_KNOWN_ISSUES
    test_known_issues();
#endif
    return tu_finish("test_capsule");
}
