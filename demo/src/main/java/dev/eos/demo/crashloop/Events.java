package dev.eos.demo.crashloop;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the crash loop's events: one-line JSON objects {@code {"id":"ev-<seed>-<n>","seq":<n>,"data":"<hex>"}},
 * each unique, the same sequence for the same seed. The {@code id} field can serve as the idempotency key
 * ({@code eos.format=json}, {@code eos.key=field.id}).
 */
public final class Events {

    private final long seed;
    private final SplittableRandom random;
    private long next;

    public Events(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public List<String> next(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long n = next++;
            out.add(String.format("{\"id\":\"ev-%d-%07d\",\"seq\":%d,\"data\":\"%016x\"}",
                    seed, n, n, random.nextLong()));
        }
        return out;
    }
}
