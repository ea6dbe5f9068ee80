import net from 'node:net';

/**
 * Distinct free ports. Ports are picked while all listeners are open so that one call never returns the same
 * port twice.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.on('error', reject);
        server.listen(0, host, () => resolve());
      });
      const address = server.address();
      ports.push(typeof address === 'object' && address ? address.port : 0);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}
