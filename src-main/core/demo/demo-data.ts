/**
 * The demo shop: 12 realistic WB interactions for a seller who wants to look before connecting.
 * Times are offsets (hours before seeding) so the demo always looks fresh.
 */
export interface DemoProduct {
  nmId: number;
  name: string;
  article: string;
  brand: string;
}

export interface DemoMessage {
  id: string;
  sender: 'client' | 'seller';
  text: string;
  hoursAgo: number;
  attachment?: { name: string; contentType: string };
}

export interface DemoItem {
  channel: 'review' | 'question' | 'chat';
  externalId: string;
  product: DemoProduct;
  customer: string;
  /** WB's buyer id and order id: the demo's threads (same order: review + chat; same buyer: review + question). */
  customerId?: string;
  orderId?: string;
  hoursAgo: number;
  text: string;
  pros?: string;
  cons?: string;
  rating?: number;
  answer?: string;
  messages?: DemoMessage[];
}

const dress: DemoProduct = {
  nmId: 184523901,
  name: 'Платье женское трикотажное миди',
  article: 'PL-2041-BG',
  brand: 'Lumeo',
};
const sneakers: DemoProduct = {
  nmId: 215907344,
  name: 'Кроссовки мужские беговые',
  article: 'RUN-88-BLK',
  brand: 'Stride',
};
const kettle: DemoProduct = {
  nmId: 97340218,
  name: 'Чайник электрический стеклянный 1,7 л',
  article: 'KT-170-GL',
  brand: 'Домовик',
};
const powerbank: DemoProduct = {
  nmId: 302118755,
  name: 'Внешний аккумулятор 20000 мАч с быстрой зарядкой',
  article: 'PB-20K-PD',
  brand: 'Voltix',
};

export const DEMO_ITEMS: DemoItem[] = [
  {
    channel: 'review',
    externalId: 'demo-review-1',
    product: kettle,
    customer: 'Марина',
    customerId: 'demo-buyer-marina',
    orderId: 'demo-order-7301',
    hoursAgo: 3,
    rating: 1,
    text: 'Через неделю чайник перестал включаться. Индикатор не горит, воду не греет. Очень разочарована.',
    pros: 'Красивый дизайн',
    cons: 'Сломался через 7 дней, брак',
  },
  {
    channel: 'review',
    externalId: 'demo-review-2',
    product: dress,
    customer: 'Екатерина',
    orderId: 'demo-order-7302',
    hoursAgo: 20,
    rating: 2,
    text: 'Заказывала бежевое, пришло серое. Ткань тонкая, просвечивает. Буду оформлять возврат.',
    pros: '',
    cons: 'Не тот цвет, тонкая ткань',
  },
  {
    channel: 'review',
    externalId: 'demo-review-3',
    product: sneakers,
    customer: 'Алексей',
    customerId: 'demo-buyer-alexey',
    hoursAgo: 30,
    rating: 3,
    text: 'Кроссовки удобные, но маломерят примерно на полразмера. Пришлось обменять на размер больше.',
    pros: 'Лёгкие, хорошая амортизация',
    cons: 'Маломерят',
    // Answered: his later question's thread shows this answer with «Взять ответ как шаблон».
    answer:
      'Алексей, спасибо за отзыв! Модель действительно маломерит на полразмера — мы добавили это в описание и советуем брать на размер больше.',
  },
  {
    channel: 'review',
    externalId: 'demo-review-4',
    product: powerbank,
    customer: 'Дмитрий',
    hoursAgo: 50,
    rating: 4,
    text: 'Заряжает телефон быстро, держит заряд хорошо. Немного тяжеловат для кармана.',
    pros: 'Быстрая зарядка, два порта',
    cons: 'Вес',
    answer:
      'Дмитрий, спасибо за отзыв! Рады, что аккумулятор выручает. Ёмкость 20000 мАч действительно даёт такой вес — зато хватает на 4–5 зарядок.',
  },
  {
    channel: 'review',
    externalId: 'demo-review-5',
    product: dress,
    customer: 'Ольга',
    hoursAgo: 70,
    rating: 5,
    text: 'Платье село идеально, ткань приятная, цвет как на фото. Взяла ещё одно в подарок сестре!',
    pros: 'Качество, посадка, цвет',
    cons: 'Нет',
  },
  {
    channel: 'question',
    externalId: 'demo-question-1',
    product: dress,
    customer: 'Анна',
    hoursAgo: 2,
    text: 'Здравствуйте! Рост 168, обхват груди 92. Какой размер лучше взять, 44 или 46?',
  },
  {
    channel: 'question',
    externalId: 'demo-question-2',
    product: sneakers,
    customer: 'Алексей',
    customerId: 'demo-buyer-alexey',
    hoursAgo: 6,
    text: 'Когда будет поступление 43 размера? Сейчас нет в наличии.',
  },
  {
    channel: 'question',
    externalId: 'demo-question-3',
    product: powerbank,
    customer: 'Сергей',
    hoursAgo: 26,
    text: 'Подойдёт ли к iPhone 15 Pro? Поддерживает быструю зарядку по USB-C PD?',
    answer: 'Сергей, да: аккумулятор поддерживает USB-C Power Delivery до 20 Вт, iPhone 15 Pro заряжается быстро.',
  },
  {
    channel: 'question',
    externalId: 'demo-question-4',
    product: kettle,
    customer: 'Наталья',
    hoursAgo: 40,
    text: 'Есть ли у чайника защита от включения без воды? И какая гарантия?',
  },
  {
    channel: 'chat',
    externalId: 'demo-chat-1',
    product: kettle,
    customer: 'Марина',
    customerId: 'demo-buyer-marina',
    orderId: 'demo-order-7301',
    hoursAgo: 1,
    text: 'Чайник не включается, что делать? Фото и чек прикрепила.',
    messages: [
      {
        id: 'demo-chat-1-m1',
        sender: 'client',
        text: 'Здравствуйте! Купила у вас чайник, через неделю перестал включаться.',
        hoursAgo: 5,
      },
      {
        id: 'demo-chat-1-m2',
        sender: 'seller',
        text: 'Здравствуйте, Марина! Сочувствуем. Подскажите, пожалуйста, горит ли индикатор при нажатии кнопки?',
        hoursAgo: 4,
      },
      {
        id: 'demo-chat-1-m3',
        sender: 'client',
        text: 'Нет, вообще ничего не горит. Розетка рабочая, проверяла.',
        hoursAgo: 3,
      },
      {
        id: 'demo-chat-1-m4',
        sender: 'client',
        text: 'Чайник не включается, что делать? Фото и чек прикрепила.',
        hoursAgo: 1,
        attachment: { name: 'Чек.pdf', contentType: 'application/pdf' },
      },
    ],
  },
  {
    channel: 'chat',
    externalId: 'demo-chat-2',
    product: sneakers,
    customer: 'Павел',
    hoursAgo: 8,
    text: 'Спасибо, заказал 44!',
    messages: [
      {
        id: 'demo-chat-2-m1',
        sender: 'client',
        text: 'Добрый день. Обычно ношу 43, но в отзывах пишут, что маломерят. Какой брать?',
        hoursAgo: 12,
      },
      {
        id: 'demo-chat-2-m2',
        sender: 'seller',
        text: 'Добрый день, Павел! Модель действительно маломерит на полразмера, рекомендуем 44.',
        hoursAgo: 11,
      },
      { id: 'demo-chat-2-m3', sender: 'client', text: 'Спасибо, заказал 44!', hoursAgo: 8 },
      { id: 'demo-chat-2-m4', sender: 'seller', text: 'Отличного бега! Если будут вопросы — пишите.', hoursAgo: 7 },
    ],
  },
  {
    channel: 'chat',
    externalId: 'demo-chat-3',
    product: dress,
    customer: 'Екатерина',
    orderId: 'demo-order-7302',
    hoursAgo: 14,
    text: 'Можно обменять на бежевое? Пришло серое.',
    messages: [
      {
        id: 'demo-chat-3-m1',
        sender: 'client',
        text: 'Здравствуйте, заказывала платье бежевого цвета, а пришло серое.',
        hoursAgo: 16,
      },
      { id: 'demo-chat-3-m2', sender: 'client', text: 'Можно обменять на бежевое? Пришло серое.', hoursAgo: 14 },
    ],
  },
];
