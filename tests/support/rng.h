/* A deterministic generator of random numbers for the property tests:
 * xorshift64*, seeded by splitmix64 so that neighbouring seeds give unrelated
 * streams, and the same numbers on every platform, so that a case number names
 * the same generated data everywhere. Header only: each test program that
 * generates data includes it. */
#ifndef ZJDASH_TESTS_RNG_H
#define ZJDASH_TESTS_RNG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct rng {
    uint64_t s;
} rng;

/* Neighbouring seeds (case numbers) must give unrelated streams: splitmix64 mixes them first. */
static inline void rng_seed(rng *r, uint64_t seed)
{
    uint64_t z = seed + UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    r->s = z ? z : 1;
}

/* xorshift64*: the same numbers on every platform, so that a case is the same everywhere. */
static inline uint64_t rng_next(rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * UINT64_C(0x2545F4914F6CDD1D);
}

/* 0 to n-1 (0 if n is 0). */
static inline uint32_t below(rng *r, uint32_t n)
{
    return n ? (uint32_t)((rng_next(r) >> 11) % n) : 0;
}

/* Values up to 10^16 need more than 32 bits of choice. */
static inline uint64_t below64(rng *r, uint64_t n)
{
    return n ? (rng_next(r) >> 1) % n : 0;
}

/* Most choices are a range, both ends included. */
static inline uint32_t between(rng *r, uint32_t lo, uint32_t hi)
{
    return lo + below(r, hi - lo + 1);
}

/* Most other choices are yes or no, with a probability. */
static inline bool chance(rng *r, uint32_t percent)
{
    return below(r, 100) < percent;
}

#endif
