package dev.eos.demo.crashloop;

import dev.eos.runtime.Progress;
import dev.eos.testing.sparkcluster.SparkCluster;
import dev.eos.testing.sparkcluster.Worker;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the job on a Spark standalone cluster ({@link SparkCluster}) the way a user submits it, keeps events arriving,
 * injects the {@link ClusterFault}s asked for, one after the other, and compares what the sink holds at the end with
 * what was produced.
 *
 * <h2>The run</h2>
 * <ol>
 *   <li>Writes {@code job.properties} (the feeder's source keys, the sink's keys, a checkpoint under the work
 *       directory, 5 s batches), has {@code bin/eos run --print-submit} print the {@code spark-submit} command for
 *       it ({@link PrintedSubmit}), and runs that command on the cluster's Spark with {@code --master},
 *       {@code --deploy-mode cluster --supervise}, one-core executors and the fault settings added. The driver runs
 *       inside a Worker; its progress lines are read from its {@code stdout} in the Worker's work directory.</li>
 *   <li>Once the first batch ran, a feeder thread hands new events to the source at a steady pace until the end.</li>
 *   <li>The faults, in {@link ClusterFault} order, each awaited until its evidence shows (log lines of the driver,
 *       the executors and the Worker; processes; the Master's JSON API); a fault that does not show within its
 *       timeout is reported as a problem.</li>
 *   <li>Stops feeding, waits until the sink holds every event, stops the driver with {@code spark-submit --kill}
 *       (its Worker sends it SIGTERM: a graceful stop; a supervised driver that exits by itself is relaunched) and
 *       judges the sink's state.</li>
 * </ol>
 * The job runs on the engine its properties name ({@code eos.engine}; DStreams by default): the verdict says which, and
 * a relaunched driver's recovery is awaited in the form that engine logs it. On a cluster shared with earlier runs, the
 * run first waits until no application or driver of theirs is left and ignores their executors and logs.
 *
 * <p>The settings that arm the faults are test settings of the runtime ({@code eos.test.crash},
 * {@code eos.test.crash.once-file}, {@code eos.test.delay}; see docs/operations.md#crash-testing), passed to the
 * executors in {@code spark.executor.extraJavaOptions}.
 */
public final class ClusterCrashRun {

    /**
     * How long a slowed attempt sleeps before its commit (the 2nd and the 4th first attempt of partition 0 in each
     * executor JVM), with the slow faults on.
     */
    static final long SLOW_ATTEMPT_MILLIS = 4000;
    private static final String DELAY_LINE = "EOS delay point before-commit reached, sleeping";
    private static final String CRASH_LINE = "EOS crash point before-commit reached, halting";
    private static final Pattern STARTING = Pattern.compile(
            "Starting task (\\d+)\\.(\\d+) in stage (\\S+) \\(TID \\d+\\) \\([^,]+, ?executor (\\S+?),");
    private static final Pattern SPECULATABLE = Pattern.compile("Marking task (\\d+) in stage (\\S+) .*as speculatable");
    private static final Pattern LOST = Pattern.compile(
            "Lost task (\\d+)\\.(\\d+) in stage (\\S+) \\(TID \\d+\\) \\(\\S+ executor (\\S+?)\\)");

    private final Builder options;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Map<ClusterFault, String> evidence = new LinkedHashMap<>();
    /** The applications of earlier runs on the same cluster: their executors and logs are not this run's. */
    private final Set<String> earlierApps = new HashSet<>();

    private ClusterCrashRun(Builder options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the job with its faults; the verdict says what happened, including failures of the run itself. */
    public ClusterVerdict run() throws Exception {
        long started = System.nanoTime();
        Path workDir = options.workDir.toAbsolutePath();
        Files.createDirectories(workDir);
        EventFeeder feeder = options.feeder;
        feeder.prepare();
        Feeding feeding = new Feeding(feeder, new Events(options.seed), options.eventsPerFeed, options.feedInterval,
                problems);
        List<Progress.Line> progress = List.of();
        Path driverOut = workDir.resolve("driver-stdout-not-found");
        Driver driver = null;
        try {
            Path config = writeJobConfig(workDir, feeder);
            List<String> printed = PrintedSubmit.print(options.eosHome, options.plugins, config);
            narrate("bin/eos run --print-submit printed: " + String.join(" ", printed));
            driver = submit(workDir, printed);
            driverOut = driver.dir.resolve("stdout");
            narrate("driver " + driver.id + " runs on " + driver.worker + "; its output: " + driver.dir);
            Driver d = driver;
            await("a first batch", options.startTimeout, () -> progress(d).size() > 0);
            feeding.start();
            narrate("the job is running; producing events");
            if (options.faults.contains(ClusterFault.EXECUTOR_CRASH_POINT)) {
                executorCrashPoint(workDir);
            }
            if (options.faults.contains(ClusterFault.EXECUTOR_KILLED)) {
                executorKilled();
            }
            if (options.faults.contains(ClusterFault.SPECULATIVE_ATTEMPT)) {
                speculativeAttempt(driver);
            }
            if (options.faults.contains(ClusterFault.TASK_RETRIED)) {
                taskRetried(driver);
            }
            if (options.faults.contains(ClusterFault.DRIVER_KILLED)) {
                driverKilled(driver);
            }
            if (options.faults.contains(ClusterFault.WORKER_STOPPED)) {
                workerStopped(driver);
            }
            feeding.stop();
            narrate("stopped producing after " + feeding.produced().size() + " events; waiting for the sink");
            awaitDrained(feeding.produced());
            stopDriver(driver);
        } catch (LoopFailure e) {
            problems.add(e.getMessage());
        } finally {
            feeding.stop();
            if (driver != null) {
                progress = progress(driver);
                killDriverForGood(driver);
            }
            try {
                feeder.close();
            } catch (Exception ignored) {
                // end of the run
            }
        }
        List<String> stored;
        try {
            stored = options.sinkState.storedPayloads();
        } catch (Exception e) {
            problems.add("reading the sink's final state failed: " + e);
            stored = List.of();
        }
        Verdict verdict = Judge.verdict(feeding.produced(), stored, progress, 0, List.of(), 0, problems, options.seed,
                driverOut, Duration.ofNanos(System.nanoTime() - started));
        return new ClusterVerdict(verdict, structured() ? "structured" : "dstream", options.faults, evidence);
    }

    /** A driver the cluster runs: its id, the Worker it runs on and its directory there. */
    private record Driver(String id, Worker worker, Path dir) {
        Path stderr() {
            return dir.resolve("stderr");
        }
    }

    private Driver submit(Path workDir, List<String> printed) throws Exception {
        await("a cluster without applications or drivers of an earlier run", Duration.ofMinutes(2),
                () -> options.cluster.activeApps().isEmpty() && options.cluster.activeDrivers().isEmpty());
        for (Worker worker : options.cluster.workers()) {
            try (Stream<Path> apps = Files.list(worker.workDir())) {
                apps.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("app-")).forEach(earlierApps::add);
            }
        }
        List<String> command = new ArrayList<>(options.cluster.sparkSubmit());
        command.addAll(List.of("--master", options.cluster.masterUrl(), "--deploy-mode", "cluster", "--supervise",
                "--driver-memory", "768m", "--executor-memory", "768m"));
        String scratch = workDir.resolve("tmp").toString();
        Files.createDirectories(Path.of(scratch));
        String flags = String.join(" ", SparkCluster.jvmFlags()) + " -Djava.io.tmpdir=" + scratch;
        List<String> executorOptions = new ArrayList<>(List.of(flags));
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executor.cores", "1");
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.task.maxFailures", "4");
        if (options.faults.contains(ClusterFault.EXECUTOR_CRASH_POINT)) {
            executorOptions.add("-Deos.test.crash=before-commit@3");
            executorOptions.add("-Deos.test.crash.once-file=" + workDir.resolve("executor-crash.once"));
        }
        if (slowAttempts()) {
            // the 2nd and 4th first attempt of partition 0 in each executor JVM: a few slow attempts, not every batch
            executorOptions.add("-Deos.test.delay=before-commit:" + SLOW_ATTEMPT_MILLIS + "@partition=0,attempt=0,2;"
                    + "before-commit:" + SLOW_ATTEMPT_MILLIS + "@partition=0,attempt=0,4");
            conf.put("spark.speculation", "true");
            conf.put("spark.speculation.interval", "100ms");
            conf.put("spark.speculation.quantile", "0.5");
            conf.put("spark.speculation.minTaskRuntime", "1500ms");
            conf.put("spark.speculation.task.duration.threshold", "1500ms");
        }
        conf.put("spark.driver.extraJavaOptions", flags);
        conf.put("spark.executor.extraJavaOptions", String.join(" ", executorOptions));
        conf.putAll(options.sparkConf);
        conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
        command.addAll(printed.subList(1, printed.size()));

        Path log = workDir.resolve("submit.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(options.cluster.environment());
        Process submit = builder.start();
        submit.getOutputStream().close();
        if (!submit.waitFor(3, TimeUnit.MINUTES) || submit.exitValue() != 0) {
            submit.destroyForcibly();
            throw new LoopFailure("spark-submit did not submit the driver; see " + log);
        }
        List<SparkCluster.Driver> drivers = new ArrayList<>();
        await("the driver RUNNING in the Master", Duration.ofMinutes(2), () -> {
            drivers.clear();
            drivers.addAll(options.cluster.activeDrivers().stream().filter(d -> d.state().equals("RUNNING")).toList());
            return drivers.size() == 1;
        });
        SparkCluster.Driver running = drivers.get(0);
        Worker worker = options.cluster.workers().stream().filter(w -> w.isAlive() && w.id().equals(running.workerId()))
                .findFirst().orElseThrow(() -> new LoopFailure("no worker " + running.workerId()));
        return new Driver(running.id(), worker, worker.workDir().resolve(running.id()));
    }

    private boolean slowAttempts() {
        return options.faults.contains(ClusterFault.SPECULATIVE_ATTEMPT)
                || options.faults.contains(ClusterFault.EXECUTOR_KILLED);
    }

    /** An executor JVM of the job, with its output directory in its Worker's work directory. */
    private record Executor(Worker worker, ProcessHandle process, String appId, String id) {
        Path stderr() {
            return worker.workDir().resolve(appId).resolve(id).resolve("stderr");
        }

        String describe() {
            return "executor " + id + " (pid " + process.pid() + ", worker " + worker.number() + ")";
        }
    }

    private List<Executor> executors() {
        List<Executor> executors = new ArrayList<>();
        for (Worker worker : options.cluster.workers()) {
            if (!worker.isAlive()) {
                continue;
            }
            for (ProcessHandle p : worker.executors()) {
                Optional<String> app = Worker.argument(p, "--app-id");
                Optional<String> id = Worker.argument(p, "--executor-id");
                if (app.isPresent() && id.isPresent() && !earlierApps.contains(app.get())) {
                    executors.add(new Executor(worker, p, app.get(), id.get()));
                }
            }
        }
        return executors;
    }

    private Set<String> executorIds() {
        Set<String> ids = new HashSet<>();
        executors().forEach(e -> ids.add(e.appId() + "/" + e.id()));
        return ids;
    }

    /** Waits until an executor that was not running before shows up; says which. */
    private String awaitReplacement(Set<String> before) throws InterruptedException {
        List<Executor> fresh = new ArrayList<>();
        await("a replacement executor", Duration.ofMinutes(2), () -> {
            fresh.clear();
            executors().stream().filter(e -> !before.contains(e.appId() + "/" + e.id())).forEach(fresh::add);
            return !fresh.isEmpty();
        });
        return fresh.get(0).describe();
    }

    private void executorCrashPoint(Path workDir) throws Exception {
        Path once = workDir.resolve("executor-crash.once");
        Set<String> before = executorIds();
        await("an executor at the before-commit crash point", options.faultTimeout, () -> Files.exists(once));
        Optional<Path> halted = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (halted.isEmpty() && System.nanoTime() < deadline) {
            halted = executorLogs().filter(f -> LogFile.count(f, CRASH_LINE) > 0).findFirst();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (halted.isEmpty()) {
            throw new LoopFailure("the crash-point file " + once + " exists but no executor log says it halted");
        }
        String line = LogFile.lines(halted.get()).stream().filter(l -> l.contains(CRASH_LINE)).findFirst().orElse("");
        String executor = halted.get().getParent().getFileName().toString();
        String replacement = awaitReplacement(before);
        record(ClusterFault.EXECUTOR_CRASH_POINT, "executor " + executor + " printed \""
                + line.substring(line.indexOf("EOS crash")) + "\" and died; replaced by " + replacement);
    }

    private Stream<Path> executorLogs() {
        List<Path> logs = new ArrayList<>();
        for (Worker worker : options.cluster.workers()) {
            try (Stream<Path> files = Files.walk(worker.workDir(), 3)) {
                files.filter(p -> p.getFileName().toString().equals("stderr")).filter(p -> {
                    String app = p.getParent().getParent().getFileName().toString();
                    return app.startsWith("app-") && !earlierApps.contains(app);
                }).forEach(logs::add);
            } catch (IOException e) {
                // a directory appeared or vanished while walking: the next poll sees it
            }
        }
        return logs.stream();
    }

    /**
     * SIGKILLs an executor the moment its log says a task attempt is sleeping in the slowed attempt (records
     * written, commit not called): mid-batch by construction. The kill is confirmed by the log (no task finished
     * after that line); one that came too late is aimed again at the next slowed attempt.
     */
    private void executorKilled() throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            Map<String, Long> seen = new LinkedHashMap<>();
            executors().forEach(e -> seen.put(e.appId() + "/" + e.id(), LogFile.count(e.stderr(), DELAY_LINE)));
            Set<String> before = new HashSet<>(seen.keySet());
            Executor[] target = new Executor[1];
            await("a slowed task attempt to aim at", options.faultTimeout, () -> {
                for (Executor e : executors()) {
                    long now = LogFile.count(e.stderr(), DELAY_LINE);
                    if (now > seen.getOrDefault(e.appId() + "/" + e.id(), 0L)) {
                        target[0] = e;
                        return true;
                    }
                }
                return false;
            });
            Executor victim = target[0];
            victim.process().destroyForcibly();
            victim.process().onExit().get(30, TimeUnit.SECONDS);
            List<String> lines = LogFile.lines(victim.stderr());
            int sleeping = lastIndexOf(lines, DELAY_LINE);
            boolean midBatch = sleeping >= 0 && lines.subList(sleeping, lines.size()).stream()
                    .noneMatch(l -> l.contains("Finished task") || l.contains("killed task"));
            if (midBatch) {
                String replacement = awaitReplacement(before);
                String line = lines.get(sleeping);
                record(ClusterFault.EXECUTOR_KILLED, victim.describe() + " SIGKILLed while its log said \""
                        + line.substring(line.indexOf("EOS delay")) + "\" (written, not committed); replaced by "
                        + replacement);
                return;
            }
            narrate("the kill of " + victim.describe() + " came after its task finished; aiming again");
        }
        throw new LoopFailure("no executor kill landed mid-batch in 5 tries");
    }

    private static int lastIndexOf(List<String> lines, String text) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** The driver's log shows a task marked speculatable and its second attempt started on another executor. */
    private void speculativeAttempt(Driver driver) throws InterruptedException {
        String[] found = new String[1];
        await("a speculative attempt in the driver's log", options.faultTimeout, () -> {
            List<String> lines = LogFile.lines(driver.stderr());
            for (String line : lines) {
                Matcher marked = SPECULATABLE.matcher(line);
                if (!marked.find()) {
                    continue;
                }
                String task = marked.group(1);
                String stage = marked.group(2);
                Map<String, String> executorByAttempt = new LinkedHashMap<>();
                for (String other : lines) {
                    Matcher start = STARTING.matcher(other);
                    if (start.find() && start.group(1).equals(task) && start.group(3).equals(stage)) {
                        executorByAttempt.put(start.group(2), start.group(4));
                    }
                }
                if (executorByAttempt.size() >= 2 && new HashSet<>(executorByAttempt.values()).size() >= 2) {
                    found[0] = "task " + task + " in stage " + stage + " marked speculatable; attempts "
                            + executorByAttempt.entrySet().stream().map(e -> e.getKey() + " on executor " + e.getValue())
                            .reduce((a, b) -> a + ", " + b).orElse("") + " (driver log)";
                    return true;
                }
            }
            return false;
        });
        record(ClusterFault.SPECULATIVE_ATTEMPT, found[0]);
    }

    /** The driver's log shows a task lost with its executor and a later attempt of it started on another one. */
    private void taskRetried(Driver driver) throws InterruptedException {
        String[] found = new String[1];
        await("a lost task retried on another executor", options.faultTimeout, () -> {
            List<String> lines = LogFile.lines(driver.stderr());
            for (int i = 0; i < lines.size(); i++) {
                Matcher lost = LOST.matcher(lines.get(i));
                if (!lost.find()) {
                    continue;
                }
                for (String later : lines.subList(i + 1, lines.size())) {
                    Matcher start = STARTING.matcher(later);
                    if (start.find() && start.group(1).equals(lost.group(1)) && start.group(3).equals(lost.group(3))
                            && Integer.parseInt(start.group(2)) > Integer.parseInt(lost.group(2))
                            && !start.group(4).equals(lost.group(4))) {
                        found[0] = "task " + lost.group(1) + "." + lost.group(2) + " in stage " + lost.group(3)
                                + " lost on executor " + lost.group(4) + ", attempt " + start.group(2)
                                + " started on executor " + start.group(4) + " (driver log)";
                        return true;
                    }
                }
            }
            return false;
        });
        record(ClusterFault.TASK_RETRIED, found[0]);
    }

    /**
     * SIGKILLs the driver JVM; its Worker relaunches it, and the new driver must recover from the checkpoint: the job's
     * {@code Recovered the job from checkpoint} on the DStream engine, Spark's {@code Resuming at batch <n>} (the
     * query's offset and commit logs read back) on the structured one, then a batch of its own.
     */
    private void driverKilled(Driver driver) throws Exception {
        String recovered = structured() ? "Resuming at batch" : "Recovered the job from checkpoint";
        ProcessHandle jvm = driverJvm(driver);
        int batchesBefore = progress(driver).size();
        long relaunchesBefore = LogFile.count(driver.worker.log(), "re-launching");
        long recoveredBefore = LogFile.count(driver.stderr(), recovered);
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
        narrate("SIGKILLed the driver (pid " + jvm.pid() + ")");
        await("the Worker relaunching the driver", Duration.ofMinutes(1),
                () -> LogFile.count(driver.worker.log(), "re-launching") > relaunchesBefore);
        await("the relaunched driver recovering from its checkpoint (\"" + recovered + "\" in its log)",
                options.startTimeout, () -> LogFile.count(driver.stderr(), recovered) > recoveredBefore);
        await("a batch of the relaunched driver", options.startTimeout, () -> progress(driver).size() > batchesBefore);
        String relaunch = LogFile.lines(driver.worker.log()).stream().filter(l -> l.contains("re-launching"))
                .reduce((a, b) -> b).orElse("");
        String recovery = LogFile.lines(driver.stderr()).stream().filter(l -> l.contains(recovered))
                .reduce((a, b) -> b).map(l -> l.substring(l.indexOf(recovered))).orElse("");
        int cut = recovery.indexOf(" with committed offsets");
        record(ClusterFault.DRIVER_KILLED, "driver " + driver.id + " (pid " + jvm.pid() + ") SIGKILLed; worker "
                + driver.worker.number() + ": \"" + relaunch.substring(Math.max(0, relaunch.indexOf("Command exited")))
                + "\"; the new driver (pid " + driverJvm(driver).pid() + ") recovered from the checkpoint: \""
                + (cut > 0 ? recovery.substring(0, cut) : recovery.split(":")[0]) + "\" and ran "
                + (structured() ? "epoch " + progress(driver).get(batchesBefore).time() : "a batch"));
    }

    /** Whether the job runs on the structured engine ({@code eos.engine=structured}). */
    private boolean structured() {
        return "structured".equals(options.jobProperties.get("eos.engine"));
    }

    private ProcessHandle driverJvm(Driver driver) {
        List<ProcessHandle> jvms = driver.worker.drivers();
        if (jvms.size() != 1) {
            throw new LoopFailure("expected one driver JVM under " + driver.worker + ", found " + jvms.size());
        }
        return jvms.get(0);
    }

    private void workerStopped(Driver driver) throws Exception {
        Worker other = options.cluster.workers().stream().filter(w -> w.isAlive() && w != driver.worker).findFirst()
                .orElseThrow(() -> new LoopFailure("no second worker to stop"));
        List<String> lost = executors().stream().filter(e -> e.worker() == other).map(Executor::describe).toList();
        other.stop();
        narrate("stopped worker " + other.number() + " for good (its executors: " + lost + ")");
        int batches = progress(driver).size();
        await("batches with records after the worker stopped", options.faultTimeout,
                () -> progress(driver).stream().skip(batches).anyMatch(l -> l.records() > 0));
        String remaining = executors().stream().map(Executor::describe).reduce((a, b) -> a + ", " + b).orElse("none");
        record(ClusterFault.WORKER_STOPPED, "worker " + other.number() + " stopped with " + lost
                + "; batches went on with " + remaining);
    }

    private void awaitDrained(List<String> produced) throws InterruptedException {
        if (SinkDrain.await(options.sinkState, produced, options.drainTimeout, () -> false)
                == SinkDrain.Outcome.STALLED) {
            problems.add(SinkDrain.stalled(options.drainTimeout));
        }
    }

    /**
     * {@code spark-submit --kill <driver id>}, the way to stop a supervised driver for good (one that exits on its own,
     * even after a graceful stop on SIGTERM, is relaunched): its Worker sends it SIGTERM (the job stops gracefully) and
     * the Master records it KILLED.
     */
    private void stopDriver(Driver driver) throws Exception {
        Path log = options.workDir.resolve("kill.log");
        List<String> command = new ArrayList<>(options.cluster.sparkSubmit());
        command.addAll(List.of("--master", options.cluster.restUrl(), "--kill", driver.id));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(options.cluster.environment());
        Process kill = builder.start();
        kill.getOutputStream().close();
        if (!kill.waitFor(3, TimeUnit.MINUTES)) {
            kill.destroyForcibly();
            throw new LoopFailure("spark-submit --kill " + driver.id + " did not finish; see " + log);
        }
        await("the driver gone from the Master's active drivers", Duration.ofMinutes(2),
                () -> options.cluster.activeDrivers().stream().noneMatch(d -> d.id().equals(driver.id)));
        narrate("stopped the driver with spark-submit --kill " + driver.id);
    }

    /** Whatever happened, no driver of this run stays on the cluster. */
    private void killDriverForGood(Driver driver) {
        try {
            if (options.cluster.activeDrivers().stream().noneMatch(d -> d.id().equals(driver.id))) {
                return;
            }
            problems.add("the run ended with driver " + driver.id + " still running; killing it");
            stopDriver(driver);
        } catch (Exception e) {
            problems.add("could not kill driver " + driver.id + ": " + e);
        }
    }

    private static List<Progress.Line> progress(Driver driver) {
        return LogFile.lines(driver.dir.resolve("stdout")).stream().map(Progress.Line::parse)
                .flatMap(Optional::stream).toList();
    }

    private void record(ClusterFault fault, String seen) {
        evidence.put(fault, seen);
        narrate(fault.text() + ": " + seen);
    }

    private void narrate(String line) {
        options.narrator.accept(line);
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new LoopFailure("no " + what + " within " + timeout.toSeconds() + " s; see "
                        + options.cluster.dir() + " and " + options.workDir);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private Path writeJobConfig(Path workDir, EventFeeder feeder) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("eos.checkpoint.dir", workDir.resolve("checkpoint").toString());
        // 5 s: on two busy cores a cluster batch takes 1-2 s whatever its size, and a relaunched driver first works off
        // one batch per interval it was down: few long intervals make that backlog short
        properties.put("eos.batch.interval", "5s");
        properties.putAll(feeder.sourceProperties());
        properties.putAll(options.jobProperties);
        Properties file = new Properties();
        file.putAll(properties);
        Path path = workDir.resolve("job.properties");
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            file.store(out, "written by the EOS cluster crash run");
        }
        return path;
    }

    /** The run's settings. Required: cluster, work directory, {@code bin/eos}'s home, feeder, sink keys and reader. */
    public static final class Builder {
        private SparkCluster cluster;
        private Path workDir;
        private Path eosHome;
        private Path plugins;
        private EventFeeder feeder;
        private SinkStateReader sinkState;
        private final Map<String, String> jobProperties = new LinkedHashMap<>();
        private final Map<String, String> sparkConf = new LinkedHashMap<>();
        private Set<ClusterFault> faults = EnumSet.allOf(ClusterFault.class);
        private long seed = System.nanoTime() % 1_000_000;
        private int eventsPerFeed = 5;
        private Duration feedInterval = Duration.ofSeconds(1);
        private Duration startTimeout = Duration.ofMinutes(5);
        private Duration faultTimeout = Duration.ofMinutes(3);
        private Duration drainTimeout = Duration.ofMinutes(3);
        private Consumer<String> narrator = line -> { };

        private Builder() {
        }

        public Builder cluster(SparkCluster cluster) {
            this.cluster = cluster;
            return this;
        }

        /** Where the run keeps the job's configuration, input, checkpoint and the submission's output. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The checkout whose {@code bin/eos} prints the submit command. */
        public Builder eosHome(Path eosHome) {
            this.eosHome = eosHome;
            return this;
        }

        /** The directory of connector jars given to {@code bin/eos --plugins}; default {@code <workDir>/plugins}. */
        public Builder plugins(Path plugins) {
            this.plugins = plugins;
            return this;
        }

        public Builder feeder(EventFeeder feeder) {
            this.feeder = feeder;
            return this;
        }

        public Builder sinkState(SinkStateReader sinkState) {
            this.sinkState = sinkState;
            return this;
        }

        public Builder jobProperties(Map<String, String> properties) {
            this.jobProperties.putAll(properties);
            return this;
        }

        /** More {@code --conf} settings of the submission. */
        public Builder sparkConf(String key, String value) {
            this.sparkConf.put(key, value);
            return this;
        }

        /** The faults to inject; all of them by default. */
        public Builder faults(Set<ClusterFault> faults) {
            this.faults = faults.isEmpty() ? EnumSet.noneOf(ClusterFault.class) : EnumSet.copyOf(faults);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder feedRate(int eventsPerFeed, Duration interval) {
            this.eventsPerFeed = eventsPerFeed;
            this.feedInterval = interval;
            return this;
        }

        /** How long a fault may take to show; three minutes by default. */
        public Builder faultTimeout(Duration timeout) {
            this.faultTimeout = timeout;
            return this;
        }

        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        public Builder narrator(Consumer<String> narrator) {
            this.narrator = narrator;
            return this;
        }

        public ClusterCrashRun build() {
            if (cluster == null || workDir == null || eosHome == null || feeder == null || sinkState == null) {
                throw new IllegalStateException("cluster, workDir, eosHome, feeder and sinkState are required");
            }
            if (plugins == null) {
                plugins = workDir.resolve("plugins");
            }
            return new ClusterCrashRun(this);
        }
    }
}
