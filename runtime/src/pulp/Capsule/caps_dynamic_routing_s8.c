/**
 * @file caps_dynamic_routing_s8.c
 * @brief caps_dynamic_routing_s8 for a PULP cluster: each iteration is two phases over the team, so one batch
 *        element costs 2 * iterations barriers whatever in_caps is.
 *          route:  the input capsules in contiguous chunks, one per core with an accumulator set of its own
 *                  (params->cores sets in the scratch; cores beyond them idle): per capsule the logits against
 *                  V, the softmax to couplings and s_j += c_j u_hat_j|i into the core's partial s (MACs of
 *                  pulp_simd.h: the int8 u_hat meets int32 V and couplings, so no 4-way dot product applies);
 *          squash: the output capsules in chunks over the whole team: s_j = the sum of the partial s_j (in
 *                  core order into the first set), its squash gain, then V_j += v_j or the int8 output.
 *        Bit-exact with ref/Capsule/caps_dynamic_routing_s8.c: every partial s is a sum over a subset of the
 *        reference's exact int32 terms (bounded as the whole sum is), so their sum is the reference's s, and the
 *        couplings, gains and roundings are the reference functions.
 */
#include "capsrt/capsrt.h"

#include "../../ref/internal/ref_capsule.h"
#include "../internal/pulp_cluster.h"
#include "../internal/pulp_simd.h"

/** A core's accumulator set: the reference's scratch layout for core 0, the further sets after it. */
typedef struct {
    int64_t *logits;    /* [out_caps] */
    int32_t *acc;       /* partial s: [out_caps, dim] */
    int32_t *couplings; /* [out_caps] */
} set_t;

typedef struct {
    const caps_routing_s8_params_t *p;
    caps_ref_squash_s8_t k, k_mid; /* squash to the output scale, to V's Q.v_frac_bits */
    caps_ref_pf_t logit;
    set_t sets[CAPS_PULP_MAX_CORES];
    int32_t *sums; /* V: [out_caps, dim] */
    int32_t workers;
    const int8_t *uh; /* the batch element's u_hat */
    int8_t *v;        /* and its output */
    int32_t it;
} routing_t;

/** Couplings of an input capsule from its logits: the reference softmax, clamped to [0, coupling_max]. */
static void couplings(const routing_t *c, const set_t *s, int32_t cf) {
    caps_ref_couplings_s8(s->logits, c->p->out_caps, c->logit, cf, s->couplings);
    for (int32_t j = 0; j < c->p->out_caps; ++j)
        s->couplings[j] = caps_ref_clamp(s->couplings[j], 0, c->p->coupling_max);
}

static void route_phase(void *arg, int32_t core, int32_t cores) {
    const routing_t *c = (const routing_t *)arg;
    (void)cores;
    if (core >= c->workers)
        return;
    const caps_routing_s8_params_t *p = c->p;
    const set_t *s = &c->sets[core];
    const int32_t out_caps = p->out_caps, dim = p->out_dim, caps = out_caps * dim, cf = p->coupling_frac_bits[c->it];
    int32_t lo, hi;
    caps_pulp_chunk(p->in_caps, core, c->workers, &lo, &hi);
    for (int32_t q = 0; q < caps; ++q)
        s->acc[q] = 0;
    if (c->it == 0) { /* V = 0: all logits 0, the same couplings for every input capsule */
        for (int32_t j = 0; j < out_caps; ++j)
            s->logits[j] = 0;
        couplings(c, s, cf);
    }
    for (int32_t i = lo; i < hi; ++i) {
        const int8_t *ui = c->uh + (int64_t)i * caps;
        if (c->it > 0) {
            const int8_t *u = ui;
            const int32_t *vj = c->sums;
            for (int32_t j = 0; j < out_caps; ++j, u += dim, vj += dim) {
                int32_t l = 0; /* |l| <= 2^30: caps_ref_check_routing_s8 */
                for (int32_t d = 0; d < dim; ++d)
                    l = caps_pulp_mac(l, u[d], vj[d]);
                s->logits[j] = l;
            }
            couplings(c, s, cf);
        }
        const int8_t *u = ui;
        int32_t *a = s->acc;
        for (int32_t j = 0; j < out_caps; ++j, u += dim, a += dim) {
            const int32_t cj = s->couplings[j];
            for (int32_t d = 0; d < dim; ++d)
                a[d] = caps_pulp_mac(a[d], cj, u[d]);
        }
    }
}

static void squash_phase(void *arg, int32_t core, int32_t cores) {
    const routing_t *c = (const routing_t *)arg;
    const caps_routing_s8_params_t *p = c->p;
    const int32_t dim = p->out_dim, cf = p->coupling_frac_bits[c->it], v_max = (int32_t)1 << p->v_frac_bits;
    const int last = c->it + 1 == p->iterations;
    int32_t lo, hi;
    caps_pulp_chunk(p->out_caps, core, cores, &lo, &hi);
    for (int32_t j = lo; j < hi; ++j) {
        int32_t *s = c->sets[0].acc + j * dim;
        for (int32_t w = 1; w < c->workers; ++w) {
            const int32_t *partial = c->sets[w].acc + j * dim;
            for (int32_t d = 0; d < dim; ++d)
                s[d] += partial[d];
        }
        const caps_ref_pf_t g = caps_ref_squash_gain_s32(last ? &c->k : &c->k_mid, s, dim, -cf);
        int32_t *vj = c->sums + j * dim;
        for (int32_t d = 0; d < dim; ++d) {
            const int32_t y = caps_ref_pf_apply(s[d], g);
            if (last)
                c->v[j * dim + d] = (int8_t)caps_ref_clamp(y, -128, 127);
            else /* the first iteration sets V (the reference's V starts at 0) */
                vj[d] = (c->it == 0 ? 0 : vj[d]) + caps_ref_clamp(y, -v_max, v_max);
        }
    }
}

/**
 * int8 dynamic routing on the cluster; see capsrt.h.
 * @param scratch caps_routing_s8_get_buffer_size(params) bytes, 8-byte aligned: params->cores accumulator sets
 */
caps_status_t
caps_dynamic_routing_s8(const caps_routing_s8_params_t *params, const int8_t *u_hat, void *scratch, int8_t *output) {
    if (params == NULL || u_hat == NULL || scratch == NULL || output == NULL || ((uintptr_t)scratch & 7u) != 0)
        return CAPS_ERR_ARG;
    routing_t c;
    const caps_status_t status = caps_ref_check_routing_s8(params, 0, &c.k);
    if (status != CAPS_OK)
        return status;
    const caps_routing_s8_params_t *p = params;
    const int32_t out_caps = p->out_caps, caps = out_caps * p->out_dim;
    c.p = p;
    c.k_mid = c.k;
    c.k_mid.output = caps_ref_pf_pow2(p->v_frac_bits);
    c.logit = caps_ref_pf_make(p->logit_multiplier, p->logit_shift);
    const int32_t sets = p->cores > 1 ? p->cores : 1, team = caps_pulp_team_cores();
    c.workers = sets < team ? sets : team;
    for (int32_t w = 0; w < c.workers; ++w) {
        unsigned char *base = (unsigned char *)scratch + (w == 0 ? 0 : caps_ref_routing_set_offset(p, w));
        c.sets[w].logits = (int64_t *)(void *)base;
        c.sets[w].acc = (int32_t *)(c.sets[w].logits + out_caps);
        /* core 0's set is the reference layout, V between its s and its couplings */
        c.sets[w].couplings = c.sets[w].acc + (w == 0 ? 2 * caps : caps);
    }
    c.sums = c.sets[0].acc + caps;
    for (int32_t b = 0; b < p->n; ++b) {
        c.uh = u_hat + (int64_t)b * p->in_caps * caps;
        c.v = output + (int64_t)b * caps;
        for (c.it = 0; c.it < p->iterations; ++c.it) {
            caps_pulp_team_run(route_phase, &c);
            caps_pulp_team_run(squash_phase, &c);
        }
    }
    return CAPS_OK;
}
