package io.ledgergossip.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
    private final ManualScheduler scheduler = new ManualScheduler(1_000);
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsDueTasksInTimeOrderThenSubmissionOrder() {
        scheduler.schedule(Duration.ofMillis(20), () -> ran.add("b@20"));
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("a@10"));
        scheduler.schedule(Duration.ofMillis(20), () -> ran.add("c@20"));
        scheduler.execute(() -> ran.add("now"));

        assertEquals(2, scheduler.advance(Duration.ofMillis(10)));
        assertEquals(List.of("now", "a@10"), ran);
        assertEquals(1_010, scheduler.millis());
        scheduler.advance(Duration.ofMillis(100));
        assertEquals(List.of("now", "a@10", "b@20", "c@20"), ran);
        assertEquals(1_110, scheduler.millis());
    }

    @Test
    void tasksSeeTheirOwnDueTimeAndMayScheduleMore() {
        scheduler.schedule(Duration.ofMillis(5), () -> {
            ran.add("first@" + scheduler.millis());
            scheduler.schedule(Duration.ofMillis(5), () -> ran.add("second@" + scheduler.millis()));
        });
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(List.of("first@1005", "second@1010"), ran);
    }

    @Test
    void cancelledTasksDoNotRunAndPeriodicTasksRepeatUntilCancelled() {
        Cancellable once = scheduler.schedule(Duration.ofMillis(1), () -> ran.add("cancelled"));
        once.cancel();
        Cancellable tick = scheduler.scheduleEvery(Duration.ofMillis(100), () -> ran.add("tick@" + scheduler.millis()));
        scheduler.advance(Duration.ofMillis(350));
        tick.cancel();
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(List.of("tick@1100", "tick@1200", "tick@1300"), ran);
    }
}
