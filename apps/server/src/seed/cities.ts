/** Real cities and their (rounded) populations: seeded members cluster around them, weighted by size. */
export const CITIES = [
  { name: 'London', latitude: 51.5074, longitude: -0.1278, population: 8_900_000 },
  { name: 'Paris', latitude: 48.8566, longitude: 2.3522, population: 2_100_000 },
  { name: 'Berlin', latitude: 52.52, longitude: 13.405, population: 3_600_000 },
  { name: 'Madrid', latitude: 40.4168, longitude: -3.7038, population: 3_300_000 },
  { name: 'Rome', latitude: 41.9028, longitude: 12.4964, population: 2_800_000 },
  { name: 'Barcelona', latitude: 41.3874, longitude: 2.1686, population: 1_600_000 },
  { name: 'Vienna', latitude: 48.2082, longitude: 16.3738, population: 1_900_000 },
  { name: 'Warsaw', latitude: 52.2297, longitude: 21.0122, population: 1_800_000 },
  { name: 'Milan', latitude: 45.4642, longitude: 9.19, population: 1_400_000 },
  { name: 'Prague', latitude: 50.0755, longitude: 14.4378, population: 1_300_000 },
  { name: 'Brussels', latitude: 50.8503, longitude: 4.3517, population: 1_200_000 },
  { name: 'Amsterdam', latitude: 52.3676, longitude: 4.9041, population: 900_000 },
  { name: 'Marseille', latitude: 43.2965, longitude: 5.3698, population: 870_000 },
  { name: 'Lyon', latitude: 45.764, longitude: 4.8357, population: 520_000 },
  { name: 'Lisbon', latitude: 38.7223, longitude: -9.1393, population: 545_000 },
  { name: 'Toulouse', latitude: 43.6047, longitude: 1.4442, population: 490_000 },
  { name: 'Bordeaux', latitude: 44.8378, longitude: -0.5792, population: 260_000 },
  { name: 'Clermont-Ferrand', latitude: 45.7772, longitude: 3.087, population: 147_000 },
  { name: 'Limoges', latitude: 45.8336, longitude: 1.2611, population: 130_000 },
  { name: 'Aurillac', latitude: 44.9264, longitude: 2.4397, population: 26_000 },
] as const;

export const INTEREST_VOCABULARY = [
  'hiking',
  'cooking',
  'travel',
  'photography',
  'music',
  'jazz',
  'rock',
  'techno',
  'cinema',
  'books',
  'poetry',
  'chess',
  'video games',
  'board games',
  'yoga',
  'running',
  'cycling',
  'climbing',
  'surf',
  'ski',
  'football',
  'tennis',
  'swimming',
  'dancing',
  'salsa',
  'painting',
  'museums',
  'theatre',
  'wine',
  'coffee',
  'tea',
  'vegan',
  'gardening',
  'dogs',
  'cats',
  'astronomy',
  'science',
  'history',
  'languages',
  'coding',
  'startups',
  'fashion',
  'design',
  'architecture',
  'camping',
  'sailing',
  'meditation',
  'comedy',
  'karaoke',
  'anime',
] as const;

/** A city drawn with probability proportional to its population. */
export function pickCity(random: () => number) {
  const total = CITIES.reduce((sum, c) => sum + c.population, 0);
  let x = random() * total;
  for (const city of CITIES) {
    x -= city.population;
    if (x <= 0) return city;
  }
  return CITIES[0];
}

/** A point around a city: a normal spread of ~`km` kilometres. */
export function around(city: { latitude: number; longitude: number }, km: number, random: () => number) {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const latitude = city.latitude + (gauss() * km) / 111;
  const longitude = city.longitude + (gauss() * km) / (111 * Math.cos((city.latitude * Math.PI) / 180));
  return { latitude: Math.max(-90, Math.min(90, latitude)), longitude: ((longitude + 540) % 360) - 180 };
}
