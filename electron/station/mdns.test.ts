import { Bonjour, type Service } from 'bonjour-service';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { expect, it } from 'vitest';
import { hubAnnouncement, hubServiceType, multicastAnnouncer } from './mdns';

it('announces the hub on the network by its name and port, with nothing to trust it by', async () => {
  const hostname = `ppv-test-${randomBytes(4).toString('hex')}`;
  const stop = multicastAnnouncer(hubAnnouncement({ hostname, port: 48443 }), (error) => {
    throw error;
  });
  const listener = new Bonjour();
  try {
    const heard = await new Promise<Service>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the hub was not heard')), 5_000);
      listener.find({ type: hubServiceType, protocol: 'tcp' }, (service) => {
        if (service.name !== `PPV hub ${hostname}`) return;
        clearTimeout(timer);
        resolve(service);
      });
    });
    expect(heard.port).toBe(48443);
    expect(heard.txt).toEqual({ v: '1' });
  } finally {
    await new Promise<void>((resolve) => listener.destroy(() => resolve()));
    await stop();
  }
});

it('with the mDNS port held by another program, tells its caller instead of ending the process', async () => {
  const holder = createSocket({ type: 'udp4', reuseAddr: false });
  await new Promise<void>((resolve) => holder.bind(5353, resolve));
  let heard: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => (heard = resolve));
  const stop = multicastAnnouncer(hubAnnouncement({ hostname: 'ppv-test', port: 48443 }), (error) =>
    heard(error),
  );
  try {
    expect(await failed).toMatchObject({ code: 'EADDRINUSE' });
  } finally {
    await stop();
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  }
});
