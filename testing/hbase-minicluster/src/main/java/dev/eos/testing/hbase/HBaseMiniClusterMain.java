package dev.eos.testing.hbase;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.MiniHBaseCluster;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.zookeeper.MiniZooKeeperCluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Runs an HBase mini cluster (one master, one region server, ZooKeeper) on the local file system until its standard
 * input closes, then stops it. Started by {@link HBaseMiniClusterFixture} in a child JVM; not for production.
 *
 * <p>Arguments: {@code key=value} pairs set on the cluster's configuration. Protocol on standard output, one line
 * each, prefixed with {@value HBaseMiniClusterFixture#PREFIX}: {@code READY <zookeeper port>} once the cluster
 * serves; {@code OK <command>} or {@code ERR <command> <message>} for each command read from standard input:
 * <ul>
 *   <li>{@code stop-regionserver}: stops the region server (an outage: every region goes offline);</li>
 *   <li>{@code start-regionserver}: starts a new one and waits until every region is assigned again;</li>
 *   <li>{@code stop}: stops the cluster and exits (so does the end of standard input).</li>
 * </ul>
 */
public final class HBaseMiniClusterMain {

    private HBaseMiniClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        Configuration conf = HBaseConfiguration.create();
        conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
        conf.setInt("hbase.master.info.port", -1);
        conf.setInt("hbase.regionserver.info.port", -1);
        conf.setInt("hbase.regionserver.handler.count", 10);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            conf.set(arg.substring(0, eq), arg.substring(eq + 1));
        }
        HBaseTestingUtility util = new HBaseTestingUtility(conf);
        MiniZooKeeperCluster zk = util.startMiniZKCluster();
        util.startMiniHBaseCluster();
        say("READY " + zk.getClientPort());

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null && !command.equals("stop")) {
            try {
                run(util, command.trim());
                say("OK " + command);
            } catch (Exception e) {
                say("ERR " + command + " " + e);
            }
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(1);
        }, "shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        util.shutdownMiniHBaseCluster();
        util.shutdownMiniZKCluster();
        util.cleanupTestDir();
        System.exit(0);
    }

    private static void run(HBaseTestingUtility util, String command) throws Exception {
        MiniHBaseCluster cluster = util.getMiniHBaseCluster();
        switch (command) {
            case "stop-regionserver" -> {
                cluster.stopRegionServer(0);
                cluster.waitOnRegionServer(0);
            }
            case "start-regionserver" -> {
                cluster.startRegionServer();
                util.waitUntilNoRegionsInTransition(60_000);
                try (Admin admin = util.getConnection().getAdmin()) {
                    for (TableName table : admin.listTableNames()) {
                        util.waitUntilAllRegionsAssigned(table, 60_000);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown command");
        }
    }

    private static void say(String line) {
        System.out.println(HBaseMiniClusterFixture.PREFIX + line);
        System.out.flush();
    }
}
