package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ledgergossip.time.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a peer waits before asking another: measured round trips, not a fixed number of seconds. */
class RoundTripsTest {
    private final ManualScheduler scheduler = new ManualScheduler(0);
    private final RoundTrips trips = new RoundTrips(scheduler.clock(), Duration.ofMillis(300));

    private void exchange(long nonce, long millis) {
        trips.sent(nonce);
        scheduler.advance(Duration.ofMillis(millis));
        trips.answered(nonce);
    }

    @Test
    void beforeAnyAnswerTheFallbackAndNoHop() {
        assertEquals(Duration.ofMillis(300), trips.patience());
        assertEquals(Duration.ZERO, trips.oneHop());
    }

    @Test
    void steadyRoundTripsGiveOneAndAHalfOfThem() {
        for (long nonce = 1; nonce <= 40; nonce++) {
            exchange(nonce, 20);
        }
        assertEquals(Duration.ofMillis(30), trips.patience());
        assertEquals(Duration.ofMillis(10), trips.oneHop());
    }

    @Test
    void jitterWidensThePatienceButNeverBeyondTheFallback() {
        for (long nonce = 1; nonce <= 40; nonce++) {
            exchange(nonce, nonce % 2 == 0 ? 10 : 50);
        }
        long patience = trips.patience().toMillis();
        assertEquals(true, patience > 45 && patience <= 300, "patience " + patience);
        for (long nonce = 100; nonce < 140; nonce++) {
            exchange(nonce, 5_000);
        }
        assertEquals(Duration.ofMillis(300), trips.patience());
    }

    @Test
    void onlyTheFirstAnswerToOwnRequestsCounts() {
        exchange(7, 20);
        scheduler.advance(Duration.ofSeconds(5));
        trips.answered(7); // a second update under the same nonce
        trips.answered(99); // never asked
        assertEquals(Duration.ofMillis(60), trips.patience(), "one sample: SRTT + 4 x RTTVAR, RTTVAR half the sample (RFC 6298)");
    }

    @Test
    void requestsNeverAnsweredAreForgottenBeyondTheBound() {
        for (long nonce = 1; nonce <= 10_000; nonce++) {
            trips.sent(nonce);
        }
        scheduler.advance(Duration.ofMillis(20));
        trips.answered(1); // long forgotten: no sample
        assertEquals(Duration.ofMillis(300), trips.patience());
        trips.answered(10_000);
        assertEquals(Duration.ofMillis(60), trips.patience());
    }
}
