import { ScanTester } from './scan/ScanTester';

export function App() {
  return (
    <main>
      <h1>PPV Console</h1>
      <p lang="ms">Skrin konsol akan datang tidak lama lagi.</p>
      <p lang="en">The console screens are coming soon.</p>
      <ScanTester />
    </main>
  );
}
