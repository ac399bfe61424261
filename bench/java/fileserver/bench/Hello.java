package fileserver.bench;

/** The floor of the main job: a JVM that only prints a line and exits (bench/main_job.sh starts 50 at once). */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello");
    }
}
